#include "github/http.h"

#include "base/strings.h"

namespace sg::github {

void Headers::Add(std::string_view name, std::string_view value) {
  entries_.emplace_back(ToLower(name), std::string(value));
}

void Headers::Set(std::string_view name, std::string_view value) {
  Remove(name);
  Add(name, value);
}

void Headers::Remove(std::string_view name) {
  std::string key = ToLower(name);
  std::erase_if(entries_, [&](const auto& e) { return e.first == key; });
}

std::optional<std::string> Headers::Get(std::string_view name) const {
  std::string key = ToLower(name);
  for (const auto& [k, v] : entries_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::map<std::string, std::string> ParseLinkHeader(std::string_view value) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < value.size()) {
    size_t lt = value.find('<', pos);
    if (lt == std::string_view::npos) break;
    size_t gt = value.find('>', lt);
    if (gt == std::string_view::npos) break;
    std::string url(value.substr(lt + 1, gt - lt - 1));
    // Parameters run to the next "<" that starts another link.
    size_t next = value.find('<', gt);
    std::string_view params = value.substr(
        gt + 1, next == std::string_view::npos ? std::string_view::npos
                                               : next - gt - 1);
    for (const std::string& raw : Split(params, ';')) {
      std::string_view p = Trim(raw);
      if (!StartsWith(p, "rel=")) continue;
      std::string_view rel = Trim(p.substr(4));
      if (!rel.empty() && rel.front() == '"') rel.remove_prefix(1);
      while (!rel.empty() && (rel.back() == '"' || rel.back() == ',')) {
        rel.remove_suffix(1);
      }
      // rel may list several space-separated relation types.
      for (const std::string& r : Split(rel, ' ')) {
        if (!r.empty()) out.emplace(r, url);
      }
    }
    if (next == std::string_view::npos) break;
    pos = next;
  }
  return out;
}

std::string UrlOrigin(std::string_view url) {
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return "";
  size_t host_end = url.find_first_of("/?#", scheme_end + 3);
  std::string_view authority =
      url.substr(scheme_end + 3, host_end == std::string_view::npos
                                     ? std::string_view::npos
                                     : host_end - scheme_end - 3);
  // Userinfo never counts as part of the origin.
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return "";
  std::string scheme = ToLower(url.substr(0, scheme_end));
  std::string host = ToLower(authority);
  if (scheme == "https" && EndsWith(host, ":443")) host.resize(host.size() - 4);
  if (scheme == "http" && EndsWith(host, ":80")) host.resize(host.size() - 3);
  return scheme + "://" + host;
}

std::string ResolveUrl(std::string_view base_url, std::string_view location) {
  if (location.find("://") != std::string_view::npos) {
    return std::string(location);
  }
  std::string origin = UrlOrigin(base_url);
  if (StartsWith(location, "/")) return origin + std::string(location);
  // Relative path: resolve against the base URL's directory.
  std::string base(base_url);
  size_t q = base.find('?');
  if (q != std::string::npos) base.resize(q);
  size_t slash = base.rfind('/');
  if (slash != std::string::npos && slash >= origin.size()) {
    base.resize(slash + 1);
  } else {
    base = origin + "/";
  }
  return base + std::string(location);
}

std::string UrlPathAndQuery(std::string_view url) {
  std::string origin = UrlOrigin(url);
  size_t scheme_end = url.find("://");
  if (origin.empty() || scheme_end == std::string_view::npos) {
    return std::string(url);
  }
  size_t path = url.find_first_of("/?#", scheme_end + 3);
  if (path == std::string_view::npos) return "/";
  return std::string(url.substr(path));
}

}  // namespace sg::github
