// The sandbox configuration: a plain struct filled by the caller (cli from
// flags and the embedded defaults; later the policy's `sandbox:` section via
// ApplyPolicyValues in defaults.h). The sandbox module knows nothing of YAML,
// findings or network policy: `allow_net` only asks for a proxy listener.
#ifndef STEPGUARD_SANDBOX_CONFIG_H_
#define STEPGUARD_SANDBOX_CONFIG_H_

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/fd.h"
#include "sandbox/layers.h"

namespace sg::sandbox {

// Who the task runs as. Unset fields are decided by ResolveTargetUser():
// root drops to --user, else SUDO_UID/SUDO_GID, else the owner of the first
// writable root when not root, else nobody (65534).
struct TargetUser {
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
};

struct Limits {
  int64_t timeout_ms = 60LL * 60 * 1000;  // 0: none
  uint64_t memory_bytes = 0;              // 0: none
  uint64_t pids = 4096;                   // 0: none
  uint64_t output_bytes = 64ULL << 20;    // per stream; 0: none
  uint64_t open_files = 4096;
  uint64_t core_bytes = 0;  // no core dumps (may hold secrets)
};

// In `Config::env` values, replaced by the proxy listener's port once it
// is known (inside the task's namespace, just before exec), so callers can
// hand the task URLs that point at the in-namespace proxy.
inline constexpr char kProxyPortPlaceholder[] = "@STEPGUARD_PROXY_PORT@";

struct Config {
  std::vector<std::string> argv;      // the task; argv[0] searched in PATH
  std::string cwd;                    // absolute; default the caller's cwd
  std::vector<std::string> writable;  // absolute paths, re-bound rw
  std::vector<std::string> hidden;    // absolute paths, masked
  std::vector<std::string> protected_globs;  // relative to each writable root
  // Environment after scrubbing: exactly what the task receives (proxy
  // variables are added by the sandbox when allow_net).
  std::map<std::string, std::string> env;
  // Values the output filter replaces with `***` (never logged).
  std::vector<std::string> secret_values;
  bool allow_net = false;  // create the proxy listener
  Limits limits;
  TargetUser user;
  std::string hostname = "stepguard";

  // Layers the run refuses without (fail closed). See layers.h.
  LayerSet required = DefaultRequiredLayers();
  // Layers to attempt at all (a layer not enabled is "disabled", not
  // "unavailable", and cannot be required).
  LayerSet enabled = AllLayers();

  // Called in the supervisor once the task's network namespace has a
  // listening TCP socket on 127.0.0.1:port (only with allow_net). The
  // callee owns the Fd and must accept on it (e.g. the egress proxy).
  // Called before the task is started.
  std::function<void(Fd listener, int port)> on_proxy_listener;
};

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_CONFIG_H_
