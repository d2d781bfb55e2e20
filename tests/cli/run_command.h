// Runs a command to completion and captures its output (tests only).
#ifndef STEPGUARD_TESTS_CLI_RUN_COMMAND_H_
#define STEPGUARD_TESTS_CLI_RUN_COMMAND_H_

#include <map>
#include <string>
#include <vector>

namespace sg::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
};

// Runs argv[0] (a path) with `argv`, in `cwd` (if non-empty), with the
// current environment plus `env` (a value of "\x01" unsets the variable).
// Stdin is /dev/null.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& cwd = "",
                         const std::map<std::string, std::string>& env = {});

// The stepguard binary under test ($STEPGUARD_BIN or the build tree's).
std::string StepguardBinary();

}  // namespace sg::testing

#endif  // STEPGUARD_TESTS_CLI_RUN_COMMAND_H_
