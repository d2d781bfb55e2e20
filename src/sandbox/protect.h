// Protected paths: globs (relative to each writable root) that stay
// read-only inside writable roots. Before the run they are expanded to the
// existing paths to bind read-only (a `dir/**` pattern protects `dir`
// itself so nothing can be created in it), and every matching file is
// snapshotted; after the run anything that changed anyway (e.g. created in
// a directory that did not exist, or after renaming a parent) is restored
// from the snapshot or removed, and reported.
#ifndef STEPGUARD_SANDBOX_PROTECT_H_
#define STEPGUARD_SANDBOX_PROTECT_H_

#include <cstddef>
#include <string>
#include <vector>

#include "base/status.h"

namespace sg::sandbox {

// Existing absolute paths to bind read-only for `globs` under `root`: the
// literal paths, each existing directory a `dir/**` pattern names (also
// with wildcards in `dir`, e.g. `.git/modules/*/hooks/**`), and the files
// other patterns match. Walks enter only directories below which a pattern
// can still match; Unavailable when a pattern would need more than
// `max_entries` entries examined (the run is then refused: unexamined is
// unprotected).
inline constexpr size_t kMaxProtectWalk = 200000;
Result<std::vector<std::string>> ExpandProtectedPaths(
    const std::string& root, const std::vector<std::string>& globs,
    size_t max_entries = kMaxProtectWalk);

struct ProtectedViolation {
  std::string path;  // absolute
  // "restored", "removed", "recreated", "restore-failed", "remove-failed",
  // or "restore-incomplete" (path: the writable root) when a walk could not
  // examine everything under a protected pattern.
  std::string action;
};

class ProtectedSnapshot {
 public:
  // Records every regular file and symlink under `roots` matching `globs`
  // (see complete()).
  static ProtectedSnapshot Take(const std::vector<std::string>& roots,
                                const std::vector<std::string>& globs,
                                size_t max_entries = kMaxProtectWalk);
  // Compares with the filesystem now and puts the snapshot back.
  std::vector<ProtectedViolation> RestoreChanges() const;

  size_t size() const { return files_.size(); }
  // False when a walk stopped before examining every path under a pattern.
  bool complete() const { return complete_; }

  struct Entry {
    std::string path;
    bool symlink = false;
    std::string content;  // file bytes or link target
    unsigned mode = 0;
    bool too_large = false;  // not snapshotted: reported, not restored
  };

 private:
  std::vector<std::string> roots_;
  std::vector<std::string> globs_;
  std::vector<Entry> files_;
  bool complete_ = true;
  size_t max_entries_ = kMaxProtectWalk;
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_PROTECT_H_
