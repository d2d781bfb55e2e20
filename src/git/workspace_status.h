// The work tree's changes against HEAD (staged or not) plus untracked
// files, via libgit2; used after `stepguard exec` to report what the task
// changed. Paths are relative to the work tree root.
#ifndef STEPGUARD_GIT_WORKSPACE_STATUS_H_
#define STEPGUARD_GIT_WORKSPACE_STATUS_H_

#include <ctime>
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

// A mark on the change clock of the file system holding `dir`: the ctime
// of a fresh unnamed inode (O_TMPFILE) created there now. Every inode the
// kernel changes afterwards on that file system carries a ctime at or after
// the mark (same clock, same timestamp granularity), and no process without
// CAP_SYS_TIME can set a ctime back. When `dir` does not take O_TMPFILE, the
// wall clock truncated to whole seconds (conservative: changes made earlier
// in the same second count as later).
struct timespec ChangeClockMark(const std::string& dir);

// The entries of `after` (a status of the work tree at `worktree`) changed
// at or after `mark`: the path's ctime, or, for a path that no longer
// exists, the ctime of its nearest existing parent directory (removing an
// entry changes its directory). One status pass instead of a before/after
// pair. Reports a file edited again when it was already modified before the
// mark; does not report a pre-existing change the run reverted (the file is
// no longer in `after`).
std::vector<ChangedFile> ChangedSince(const std::string& worktree,
                                      const std::vector<ChangedFile>& after,
                                      const struct timespec& mark);

}  // namespace sg::git

#endif  // STEPGUARD_GIT_WORKSPACE_STATUS_H_
