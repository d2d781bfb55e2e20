// Small helpers shared by audits.
#ifndef STEPGUARD_AUDIT_UTIL_H_
#define STEPGUARD_AUDIT_UTIL_H_

#include <optional>
#include <string>
#include <string_view>

namespace sg::audit {

// A parsed `uses:` reference.
struct UsesRef {
  enum class Kind { kLocal, kDocker, kRepository, kInvalid };
  Kind kind = Kind::kInvalid;
  std::string owner, repo, subpath;  // repository actions / reusable workflows
  std::string ref;                   // after '@' (empty when missing)
  std::string image;                 // docker://IMAGE
  bool has_ref = false;
  std::string slug() const { return owner + "/" + repo; }
};

UsesRef ParseUses(std::string_view uses);

// True when `uses` refers to `owner/repo` (any ref, any subpath), ignoring
// case as GitHub does.
bool IsAction(std::string_view uses, std::string_view owner_repo);

// A full 40-hex (SHA-1) or 64-hex (SHA-256) commit id.
bool IsFullSha(std::string_view ref);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UTIL_H_
