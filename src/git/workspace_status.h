// The work tree's changes against HEAD (staged or not) plus untracked
// files, via libgit2; used after `stepguard exec` to report what the task
// changed. Paths are relative to the work tree root.
#ifndef STEPGUARD_GIT_WORKSPACE_STATUS_H_
#define STEPGUARD_GIT_WORKSPACE_STATUS_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace sg::git {

struct ChangedFile {
  std::string path;
  // "added", "modified", "deleted", "renamed", "typechange", "untracked".
  std::string change;
  std::string old_path;  // for renames
};

// Keeps libgit2 initialised while alive, so several calls in a row pay its
// (OpenSSL) initialisation once. Optional; calls work without it. Loads
// libgit2 (git/libgit2_api.h); when it cannot, does nothing and the calls
// report why.
class LibraryScope {
 public:
  LibraryScope();
  ~LibraryScope();
  LibraryScope(const LibraryScope&) = delete;
  LibraryScope& operator=(const LibraryScope&) = delete;

 private:
  bool loaded_;
};

// The work tree root containing `path` found with stat(2) only (a `.git`
// directory or file in `path` or a parent), or "" when there is none. Lets
// callers skip libgit2 entirely outside repositories.
std::string FindWorkTree(const std::string& path);

// Opens the repository containing `path` (searching upwards) and lists its
// changes. NotFound when `path` is not inside a repository. Ignored files
// are not listed; untracked directories are expanded to their files. The
// repository's owner is not checked against the caller (the supervisor may
// run as root over a user's checkout); libgit2 runs no hooks or filters
// here, so reading a foreign repository's status is safe.
// Thread-safe (libgit2 is initialised per call).
Result<std::vector<ChangedFile>> WorkspaceStatus(const std::string& path);

// `before` and `after` taken around a run: files whose status differs
// (appeared, disappeared or changed kind). Content edits to a file that was
// already modified before the run are not visible to status and are
// therefore not reported.
std::vector<ChangedFile> StatusDelta(const std::vector<ChangedFile>& before,
                                     const std::vector<ChangedFile>& after);

}  // namespace sg::git

#endif  // STEPGUARD_GIT_WORKSPACE_STATUS_H_
