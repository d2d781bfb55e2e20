#include "base/strings.h"
#include "runner/probes.h"

namespace sg::runner {

std::optional<std::string> StatusField(std::string_view status,
                                       std::string_view key) {
  for (const auto& line : Split(status, '\n')) {
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (std::string_view(line).substr(0, colon) == key) {
      return std::string(Trim(std::string_view(line).substr(colon + 1)));
    }
  }
  return std::nullopt;
}

std::string RedactUrlCredentials(std::string_view s) {
  std::string out;
  size_t copied = 0;
  for (size_t pos = s.find("://"); pos != std::string_view::npos;
       pos = s.find("://", pos + 3)) {
    size_t begin = pos + 3;
    size_t at = s.find('@', begin);
    size_t end = s.find_first_of("/ \t", begin);
    if (at == std::string_view::npos ||
        (end != std::string_view::npos && end < at)) {
      continue;
    }
    out.append(s.substr(copied, begin - copied));
    out += "***";
    copied = at;
    pos = at;
  }
  out.append(s.substr(copied));
  return out;
}

std::string JoinPath(std::string_view dir, std::string_view name) {
  if (dir.empty()) return std::string(name);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += name;
  return out;
}

std::string DirName(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

bool MatchesAnyGlob(std::string_view name,
                    const std::vector<std::string>& globs) {
  std::string lower = ToLower(name);
  for (const auto& g : globs) {
    if (GlobMatch(ToLower(g), lower, true)) return true;
  }
  return false;
}

}  // namespace sg::runner
