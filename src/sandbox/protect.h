// Protected paths: globs (relative to each writable root) that stay
// read-only inside writable roots. Before the run they are expanded to the
// existing paths to bind read-only (a `dir/**` pattern protects `dir`
// itself so nothing can be created in it), and every matching file is
// snapshotted; after the run anything that changed anyway (e.g. created in
// a directory that did not exist, or after renaming a parent) is restored
// from the snapshot or removed, and reported.
#ifndef STEPGUARD_SANDBOX_PROTECT_H_
#define STEPGUARD_SANDBOX_PROTECT_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace sg::sandbox {

// Existing absolute paths to bind read-only for `globs` under `root`.
std::vector<std::string> ExpandProtectedPaths(
    const std::string& root, const std::vector<std::string>& globs);

struct ProtectedViolation {
  std::string path;    // absolute
  std::string action;  // "restored", "removed", "recreated", "restore-failed"
};

class ProtectedSnapshot {
 public:
  // Records every regular file and symlink under `roots` matching `globs`.
  static ProtectedSnapshot Take(const std::vector<std::string>& roots,
                                const std::vector<std::string>& globs);
  // Compares with the filesystem now and puts the snapshot back.
  std::vector<ProtectedViolation> RestoreChanges() const;

  size_t size() const { return files_.size(); }

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
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_PROTECT_H_
