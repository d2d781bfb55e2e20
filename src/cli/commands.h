// Each subcommand lives in its own cmd_<name>.cc and registers itself on the
// CLI11 app through one function listed here; app.cc calls them in order.
#ifndef STEPGUARD_CLI_COMMANDS_H_
#define STEPGUARD_CLI_COMMANDS_H_

#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace sg::cli {

// Options shared by every command (DESIGN.md "Common options").
struct GlobalOptions {
  std::string policy_path;       // --policy
  std::string format = "plain";  // --format
  std::string output = "-";      // --output
  std::string fail_on;           // --fail-on (empty: policy decides)
  bool offline = false;
  bool quiet = false;
  bool verbose = false;
  bool no_color = false;
};

// Set by the command that ran; main returns it.
struct RunState {
  int exit_code = 0;
};

void RegisterLintCommand(CLI::App& app, GlobalOptions& g, RunState& st);
void RegisterRulesCommand(CLI::App& app, GlobalOptions& g, RunState& st);
void RegisterPolicyCommand(CLI::App& app, GlobalOptions& g, RunState& st);
void RegisterRunnerCommand(CLI::App& app, GlobalOptions& g, RunState& st);
void RegisterExecCommand(CLI::App& app, GlobalOptions& g, RunState& st);
void RegisterTokenCommand(CLI::App& app, GlobalOptions& g, RunState& st);

}  // namespace sg::cli

#endif  // STEPGUARD_CLI_COMMANDS_H_
