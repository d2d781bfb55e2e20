// Sandbox settings as a user writes them (paths with `~` and `$VAR`, sizes
// and durations already parsed), the embedded defaults (DESIGN.md
// "embedded default policy", Sandbox bullet), and the resolution into a
// Config against the host (environment, cwd, invoking user).
//
// Layering: DefaultSettings() -> the policy's `sandbox:` section (the policy
// module fills the same fields; see docs/sandbox.md "Policy mapping") ->
// command-line flags -> ResolveConfig().
#ifndef STEPGUARD_SANDBOX_SETTINGS_H_
#define STEPGUARD_SANDBOX_SETTINGS_H_

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "sandbox/config.h"

namespace sg::sandbox {

struct Settings {
  std::vector<std::string> writable;         // filesystem.writable
  std::vector<std::string> hidden;           // filesystem.hidden
  std::vector<std::string> protected_globs;  // filesystem.protected
  std::vector<std::string> env_pass;         // env.pass (names or globs)
  bool allow_net = false;                    // network.allow non-empty
  int64_t timeout_ms = 60LL * 60 * 1000;     // limits.timeout
  uint64_t memory_bytes = 0;                 // limits.memory (0: half of RAM)
  uint64_t pids = 4096;                      // limits.pids
  uint64_t output_bytes = 64ULL << 20;       // limits.output
  std::string user;                          // --user ("" : decide)
  std::optional<LayerSet> required;          // require (unset: default)
};

Settings DefaultSettings();

// The policy's `sandbox:` section as the policy module reads it (strings
// still unparsed; an unset field keeps the current Settings value). Keys:
//   filesystem.writable / hidden / protected -> writable / hidden /
//   protected_globs env.pass                                 -> env_pass
//   network.allow (non-empty)                -> allow_net
//   limits.timeout / memory / pids / output  -> timeout_ms / memory_bytes /
//   pids / output_bytes require ("all" | [layer, ...])           -> required
//   user                                     -> user (no such policy key
//     yet: policy/ and docs/policy.schema.json define no sandbox.user, so
//     only --user sets it; a future key maps here unchanged)
struct PolicyValues {
  std::optional<std::vector<std::string>> writable, hidden, protected_globs,
      env_pass, network_allow, require;
  std::optional<std::string> timeout, memory, output, user;
  std::optional<uint64_t> pids;
};

// Applies `p` over `s` (lists replace, they do not append). InvalidInput
// names the key ("sandbox.limits.timeout: bad duration ...").
Status ApplyPolicyValues(const PolicyValues& p, Settings* s);

// The host facts resolution depends on (a struct so tests can fake them).
struct Host {
  std::map<std::string, std::string> env;
  std::string cwd;
  uid_t euid = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  uint64_t total_ram = 0;
  static Host Current();
};

// Expands `~`, `~/x`, `$VAR` and `${VAR}`; relative paths are taken from
// host.cwd. Returns "" when a variable is unset (the entry is dropped).
std::string ExpandPath(const std::string& path, const Host& host,
                       const std::string& home);

// Builds the Config: expands and canonicalises paths, adds the runner's
// file-command files and $RUNNER_TEMP to the hidden set (unless the
// variable is passed by exact name), scrubs the environment, collects
// secret values, picks the task user.
Result<Config> ResolveConfig(const Settings& s, const Host& host,
                             std::vector<std::string> argv);

// "30m", "90s", "1h30m", "2h", "500ms", "45" (seconds).
Result<int64_t> ParseDurationMs(const std::string& text);
// "4GiB", "512MiB", "1G", "100M", "64k", "12345" (bytes).
Result<uint64_t> ParseSize(const std::string& text);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_SETTINGS_H_
