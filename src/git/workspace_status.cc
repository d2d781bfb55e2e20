#include "git/workspace_status.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <ctime>
#include <memory>

#include "base/fd.h"
#include "git/libgit2_api.h"

namespace sg::git {
namespace {

// libgit2's table; only called after LibGit2() succeeded (checked on entry).
const LibGit2Api& Lib() { return *LibGit2().value(); }

class LibGit2Session {
 public:
  LibGit2Session() {
    Lib().libgit2_init();
    // Reading status only; see the header comment.
    Lib().libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
  }
  ~LibGit2Session() {
    Lib().libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 1);
    Lib().libgit2_shutdown();
  }
  LibGit2Session(const LibGit2Session&) = delete;
  LibGit2Session& operator=(const LibGit2Session&) = delete;
};

struct RepoFree {
  void operator()(git_repository* r) const { Lib().repository_free(r); }
};
struct StatusListFree {
  void operator()(git_status_list* l) const { Lib().status_list_free(l); }
};

std::string LastError() {
  const git_error* e = Lib().error_last();
  return e != nullptr && e->message != nullptr ? e->message : "unknown error";
}

std::string ChangeName(unsigned s) {
  if (s & GIT_STATUS_WT_NEW) return "untracked";
  if (s & (GIT_STATUS_INDEX_NEW)) return "added";
  if (s & (GIT_STATUS_INDEX_DELETED | GIT_STATUS_WT_DELETED)) return "deleted";
  if (s & (GIT_STATUS_INDEX_RENAMED | GIT_STATUS_WT_RENAMED)) return "renamed";
  if (s & (GIT_STATUS_INDEX_TYPECHANGE | GIT_STATUS_WT_TYPECHANGE))
    return "typechange";
  return "modified";
}

}  // namespace

LibraryScope::LibraryScope() : loaded_(LibGit2().ok()) {
  if (loaded_) Lib().libgit2_init();
}
LibraryScope::~LibraryScope() {
  if (loaded_) Lib().libgit2_shutdown();
}

std::string FindWorkTree(const std::string& path) {
  std::string dir = path;
  while (!dir.empty()) {
    struct stat st;
    if (stat((dir + "/.git").c_str(), &st) == 0) return dir;
    size_t slash = dir.find_last_of('/');
    if (slash == std::string::npos) break;
    dir = slash == 0 ? (dir == "/" ? "" : "/") : dir.substr(0, slash);
  }
  return "";
}

Result<std::vector<ChangedFile>> WorkspaceStatus(const std::string& path) {
  // libgit2 is loaded here, on the first call, not at program start-up.
  if (Result<const LibGit2Api*> api = LibGit2(); !api.ok()) {
    return api.status();
  }
  LibGit2Session session;
  git_repository* raw = nullptr;
  int rc = Lib().repository_open_ext(&raw, path.c_str(), 0, nullptr);
  if (rc == GIT_ENOTFOUND)
    return Status::NotFound(path + ": not inside a git repository");
  if (rc != 0)
    return Status::Internal(path + ": opening repository: " + LastError());
  std::unique_ptr<git_repository, RepoFree> repo(raw);
  if (Lib().repository_is_bare(repo.get())) {
    return Status::InvalidInput(path + ": bare repository has no work tree");
  }
  git_status_options opts = GIT_STATUS_OPTIONS_INIT;
  opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
  opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
               GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
               GIT_STATUS_OPT_RENAMES_HEAD_TO_INDEX |
               GIT_STATUS_OPT_SORT_CASE_SENSITIVELY;
  git_status_list* raw_list = nullptr;
  if (Lib().status_list_new(&raw_list, repo.get(), &opts) != 0) {
    return Status::Internal(path + ": status: " + LastError());
  }
  std::unique_ptr<git_status_list, StatusListFree> list(raw_list);
  std::vector<ChangedFile> out;
  size_t n = Lib().status_list_entrycount(list.get());
  for (size_t i = 0; i < n; ++i) {
    const git_status_entry* e = Lib().status_byindex(list.get(), i);
    if (e == nullptr || e->status == GIT_STATUS_CURRENT ||
        (e->status & GIT_STATUS_IGNORED)) {
      continue;
    }
    const git_diff_delta* d =
        e->head_to_index ? e->head_to_index : e->index_to_workdir;
    if (d == nullptr) continue;
    ChangedFile f;
    f.change = ChangeName(e->status);
    f.path = d->new_file.path ? d->new_file.path : "";
    if (f.change == "renamed" && d->old_file.path)
      f.old_path = d->old_file.path;
    out.push_back(std::move(f));
  }
  return out;
}

struct timespec ChangeClockMark(const std::string& dir) {
  Fd tmp(open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600));
  struct stat st;
  if (tmp && fstat(tmp.get(), &st) == 0) return st.st_ctim;
  struct timespec mark {};
  clock_gettime(CLOCK_REALTIME, &mark);
  mark.tv_nsec = 0;
  return mark;
}

std::vector<ChangedFile> ChangedSince(const std::string& worktree,
                                      const std::vector<ChangedFile>& after,
                                      const struct timespec& mark) {
  auto at_or_after = [&mark](const struct timespec& t) {
    return t.tv_sec > mark.tv_sec ||
           (t.tv_sec == mark.tv_sec && t.tv_nsec >= mark.tv_nsec);
  };
  std::vector<ChangedFile> out;
  for (const ChangedFile& f : after) {
    // A gone path answers through the nearest directory still there; the
    // work tree root itself is the last resort.
    std::string rel = f.path;
    struct stat st;
    bool found = false;
    while (true) {
      std::string full = rel.empty() ? worktree : worktree + "/" + rel;
      if (lstat(full.c_str(), &st) == 0) {
        found = true;
        break;
      }
      if (rel.empty()) break;
      size_t slash = rel.find_last_of('/');
      rel = slash == std::string::npos ? "" : rel.substr(0, slash);
    }
    // Unreadable even at the root: report it rather than hide it.
    if (!found || at_or_after(st.st_ctim)) out.push_back(f);
  }
  return out;
}

}  // namespace sg::git
