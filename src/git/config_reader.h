// Reads a repository's effective git configuration with libgit2.
#ifndef STEPGUARD_GIT_CONFIG_READER_H_
#define STEPGUARD_GIT_CONFIG_READER_H_

#include <string>
#include <vector>

#include "base/status.h"

namespace sg::git {

struct ConfigEntry {
  std::string name;   // as libgit2 normalises it: section and key lower-cased
  std::string value;  // may be a credential: callers must never print it
  std::string level;  // "programdata", "system", "xdg", "global", "local",
                      // "app" or "unknown"
  int include_depth = 0;  // > 0 when found in an included file
};

// Opens the repository whose work tree (or git dir) is exactly `path` (no
// upward search) and returns every entry of a snapshot of its configuration:
// system, XDG, global and repository levels, with `include.path` and
// `includeIf.*.path` resolved the way git does. NotFound when `path` is not a
// repository; Internal for other libgit2 errors. Error messages never contain
// configuration values. Thread-safe (libgit2 is initialised per call).
Result<std::vector<ConfigEntry>> ReadRepositoryConfig(const std::string& path);

}  // namespace sg::git

#endif  // STEPGUARD_GIT_CONFIG_READER_H_
