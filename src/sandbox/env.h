// Environment scrubbing: the task receives only the variables the policy
// passes; runner file-command paths, ACTIONS_* and secret-looking variables
// pass only when named exactly (never through a glob). The values of every
// secret-looking variable, passed or not, are returned for output redaction.
#ifndef STEPGUARD_SANDBOX_ENV_H_
#define STEPGUARD_SANDBOX_ENV_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sg::sandbox {

// GITHUB_ENV, GITHUB_PATH, GITHUB_OUTPUT, GITHUB_STATE, GITHUB_STEP_SUMMARY.
const std::vector<std::string>& RunnerFileCommandVariables();

// True for names such as *TOKEN*, *SECRET*, *PASSWORD*, *_KEY.
// (ACTIONS_* are dropped too but only their secret-named values are masked.)
bool LooksSecretName(std::string_view name);
// True for values with a well-known credential prefix (ghp_, github_pat_, ...).
bool LooksSecretValue(std::string_view value);

struct ScrubbedEnv {
  std::map<std::string, std::string> env;  // what the task gets
  std::vector<std::string> dropped;        // names only
  std::vector<std::string> secret_values;  // for the output filter
};

// `pass` holds exact names or globs (`LC_*`).
ScrubbedEnv ScrubEnvironment(const std::map<std::string, std::string>& from,
                             const std::vector<std::string>& pass);

// The process environment as a map.
std::map<std::string, std::string> CurrentEnvironment();

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_ENV_H_
