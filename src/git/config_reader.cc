#include "git/config_reader.h"

#include <memory>

#include "git/libgit2_api.h"

namespace sg::git {
namespace {

// libgit2's table; only called after LibGit2() succeeded (checked on entry).
const LibGit2Api& Lib() { return *LibGit2().value(); }

// Keeps libgit2's global state alive for the duration of one call.
class LibGit2Session {
 public:
  LibGit2Session() { Lib().libgit2_init(); }
  ~LibGit2Session() { Lib().libgit2_shutdown(); }
  LibGit2Session(const LibGit2Session&) = delete;
  LibGit2Session& operator=(const LibGit2Session&) = delete;
};

struct RepoFree {
  void operator()(git_repository* r) const { Lib().repository_free(r); }
};
struct ConfigFree {
  void operator()(git_config* c) const { Lib().config_free(c); }
};
struct IterFree {
  void operator()(git_config_iterator* i) const {
    Lib().config_iterator_free(i);
  }
};

std::string LevelName(git_config_level_t level) {
  switch (level) {
    case GIT_CONFIG_LEVEL_PROGRAMDATA:
      return "programdata";
    case GIT_CONFIG_LEVEL_SYSTEM:
      return "system";
    case GIT_CONFIG_LEVEL_XDG:
      return "xdg";
    case GIT_CONFIG_LEVEL_GLOBAL:
      return "global";
    case GIT_CONFIG_LEVEL_LOCAL:
      return "local";
    case GIT_CONFIG_LEVEL_APP:
      return "app";
    default:
      return "unknown";
  }
}

// libgit2's last error text; it describes the failure, not config values.
std::string LastError() {
  const git_error* e = Lib().error_last();
  return e != nullptr && e->message != nullptr ? e->message : "unknown error";
}

}  // namespace

Result<std::vector<ConfigEntry>> ReadRepositoryConfig(const std::string& path) {
  // libgit2 is loaded here, on the first call, not at program start-up.
  if (Result<const LibGit2Api*> api = LibGit2(); !api.ok()) {
    return api.status();
  }
  LibGit2Session session;
  git_repository* raw_repo = nullptr;
  int rc = Lib().repository_open_ext(&raw_repo, path.c_str(),
                                     GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  if (rc == GIT_ENOTFOUND) {
    return Status::NotFound(path + ": not a git repository");
  }
  if (rc != 0) {
    return Status::Internal(path + ": opening repository: " + LastError());
  }
  std::unique_ptr<git_repository, RepoFree> repo(raw_repo);

  git_config* raw_cfg = nullptr;
  if (Lib().repository_config_snapshot(&raw_cfg, repo.get()) != 0) {
    return Status::Internal(path + ": reading configuration: " + LastError());
  }
  std::unique_ptr<git_config, ConfigFree> cfg(raw_cfg);

  git_config_iterator* raw_it = nullptr;
  if (Lib().config_iterator_new(&raw_it, cfg.get()) != 0) {
    return Status::Internal(path + ": iterating configuration: " + LastError());
  }
  std::unique_ptr<git_config_iterator, IterFree> it(raw_it);

  std::vector<ConfigEntry> out;
  git_config_entry* entry = nullptr;
  while ((rc = Lib().config_next(&entry, it.get())) == 0) {
    ConfigEntry e;
    e.name = entry->name != nullptr ? entry->name : "";
    e.value = entry->value != nullptr ? entry->value : "";
    e.level = LevelName(entry->level);
    e.include_depth = static_cast<int>(entry->include_depth);
    out.push_back(std::move(e));
  }
  if (rc != GIT_ITEROVER) {
    return Status::Internal(path + ": iterating configuration: " + LastError());
  }
  return out;
}

}  // namespace sg::git
