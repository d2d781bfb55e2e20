#include "audit/util.h"

#include <cctype>

#include "base/strings.h"

namespace sg::audit {

UsesRef ParseUses(std::string_view uses) {
  UsesRef r;
  uses = Trim(uses);
  if (StartsWith(uses, "./") || StartsWith(uses, "../")) {
    r.kind = UsesRef::Kind::kLocal;
    return r;
  }
  if (StartsWith(uses, "docker://")) {
    r.kind = UsesRef::Kind::kDocker;
    r.image = std::string(uses.substr(9));
    return r;
  }
  size_t at = uses.find('@');
  std::string_view path = uses.substr(0, at);
  if (at != std::string_view::npos) {
    r.has_ref = true;
    r.ref = std::string(uses.substr(at + 1));
  }
  auto parts = Split(path, '/');
  if (parts.size() < 2 || parts[0].empty() || parts[1].empty()) return r;
  // GitHub owners are letters, digits and '-'; repositories add '_' and '.'.
  // Anything else (e.g. `$/.github/workflows/x.yml`) is not a reference
  // GitHub would accept, so no pinning judgement applies.
  auto valid = [](const std::string& s, bool repo) {
    for (char c : s) {
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') continue;
      if (repo && (c == '_' || c == '.')) continue;
      return false;
    }
    return !s.empty() && (!repo || (s != "." && s != ".."));
  };
  if (!valid(parts[0], false) || !valid(parts[1], true)) return r;
  r.kind = UsesRef::Kind::kRepository;
  r.owner = parts[0];
  r.repo = parts[1];
  for (size_t i = 2; i < parts.size(); ++i)
    r.subpath += (i > 2 ? "/" : "") + parts[i];
  return r;
}

bool IsAction(std::string_view uses, std::string_view owner_repo) {
  // Called for every step by many audits: compare the `owner/repo` prefix
  // without allocating, and parse fully only on a match.
  uses = Trim(uses);
  const std::string_view path = uses.substr(0, uses.find('@'));
  const size_t owner_end = path.find('/');
  if (owner_end == std::string_view::npos) return false;
  const std::string_view slug = path.substr(0, path.find('/', owner_end + 1));
  if (!IEquals(slug, owner_repo)) return false;
  return ParseUses(uses).kind == UsesRef::Kind::kRepository;
}

bool IsFullSha(std::string_view ref) {
  if (ref.size() != 40 && ref.size() != 64) return false;
  for (char c : ref) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) ||
        std::isupper(static_cast<unsigned char>(c)))
      return false;
  }
  return true;
}

}  // namespace sg::audit
