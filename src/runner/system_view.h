// SystemView: the only way runner probes see the machine. Everything a probe
// learns comes through this small interface (files under /proc, /sys, /etc
// and $HOME, the environment, the caller's identity, a few syscalls that have
// no file form), so every probe can run against an in-memory fake root in
// tests and against the real machine in production (ninja's
// VirtualFileSystem idea).
//
// Contract for every method: it never throws, never blocks for long (the sudo
// and network probes carry their own timeouts), and never returns or logs the
// content of a file or variable except to its caller.
#ifndef STEPGUARD_RUNNER_SYSTEM_VIEW_H_
#define STEPGUARD_RUNNER_SYSTEM_VIEW_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace sg::runner {

enum class FileType { kRegular, kDirectory, kSymlink, kSocket, kOther };

struct FileInfo {
  FileType type = FileType::kOther;
  uint32_t mode = 0;  // permission bits including sticky/setuid (07777)
  uint32_t uid = 0;
  uint32_t gid = 0;
  uint64_t size = 0;
};

// Real and effective ids of the calling process plus its supplementary groups.
struct Identity {
  uint32_t uid = 0;
  uint32_t euid = 0;
  uint32_t gid = 0;
  uint32_t egid = 0;
  std::vector<uint32_t> groups;
};

enum class SudoOutcome {
  kNotInstalled,   // no sudo binary
  kPasswordless,   // `sudo -n true` exited 0
  kNeedsPassword,  // sudo refused without a password (or not allowed)
  kError,          // could not run it (fork failed, timed out)
};

// One entry of a repository's effective git configuration.
struct GitConfigEntry {
  std::string name;   // lower-cased section and key, subsection as written
  std::string value;  // never printed by probes; inspected only
  std::string level;  // "system", "global", "xdg", "local", "worktree", "app"
  int include_depth = 0;  // > 0 when it came from an included file
};

class SystemView {
 public:
  virtual ~SystemView() = default;

  // Whole content of a small file. NotFound when missing or unreadable.
  virtual Result<std::string> ReadFile(const std::string& path) const = 0;
  // Names in a directory (no "." or ".."), unsorted. NotFound on failure.
  virtual Result<std::vector<std::string>> ListDir(
      const std::string& path) const = 0;
  // stat(2) (follows symlinks); nullopt when the path does not resolve.
  virtual std::optional<FileInfo> Stat(const std::string& path) const = 0;
  // Target of a symbolic link. NotFound when not a link.
  virtual Result<std::string> ReadLink(const std::string& path) const = 0;
  // access(2) with W_OK against the caller's effective ids.
  virtual bool IsWritable(const std::string& path) const = 0;

  // The process environment, in order.
  virtual const std::vector<std::pair<std::string, std::string>>& Environment()
      const = 0;
  virtual Identity GetIdentity() const = 0;

  // landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION):
  // the ABI version, or 0 when Landlock is unsupported or disabled.
  virtual int LandlockAbi() const = 0;
  // True when connect(2) to the Unix stream socket at `path` succeeds.
  virtual bool CanConnectUnix(const std::string& path) const = 0;
  // TCP connect to host:port within `timeout_ms`. OK when it connected;
  // Unavailable (with the errno text) otherwise. Used only by the opt-in
  // --probe-network.
  virtual Status ProbeTcp(const std::string& host, uint16_t port,
                          int timeout_ms) const = 0;
  // Runs `sudo -n true` with no terminal, stdin from /dev/null, a short
  // timeout and its output discarded.
  virtual SudoOutcome RunSudoNonInteractive() const = 0;
  // The effective git configuration of the repository whose work tree is
  // `workdir` (includes and conditional includes resolved). NotFound when
  // there is no repository there.
  virtual Result<std::vector<GitConfigEntry>> GitConfig(
      const std::string& workdir) const = 0;

  // Helpers built on the primitives above.
  std::optional<std::string> GetEnv(const std::string& name) const;
  // Reads /proc/sys/<dotted name with dots as slashes>, trimmed.
  std::optional<std::string> Sysctl(const std::string& name) const;
  bool Exists(const std::string& path) const { return Stat(path).has_value(); }
};

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_SYSTEM_VIEW_H_
