// Plumbing shared by the check-like commands: the common options, the
// effective policy, rendering and the exit code.
#ifndef STEPGUARD_CLI_COMMON_H_
#define STEPGUARD_CLI_COMMON_H_

#include <chrono>
#include <string>

#include "base/diagnostic.h"
#include "base/status.h"
#include "cli/commands.h"
#include "finding/finding.h"
#include "policy/policy.h"
#include "report/render.h"

namespace CLI {
class App;
}

namespace sg::cli {

// Adds --format, --output, --fail-on, --policy, --quiet, --verbose,
// --no-color and --offline to `cmd`.
void AddCommonOptions(CLI::App* cmd, GlobalOptions& g);

// The policy to apply: --policy FILE, else ROOT/.github/stepguard.yml, else
// the embedded default. Errors carry file:line:col diagnostics in `diags`.
Result<policy::Policy> LoadEffectivePolicy(const GlobalOptions& g,
                                           const std::string& root,
                                           Diagnostics* diags);

// The policy file LoadEffectivePolicy would read, or "" when the embedded
// default applies (lets a command skip parsing it when it needs nothing else).
std::string FindPolicyFile(const GlobalOptions& g, const std::string& root);

// Prints diagnostics ("path:line:col: error: ...") to stderr, unless quiet
// (errors are always printed).
void PrintDiagnostics(const Diagnostics& diags, const GlobalOptions& g);

// Renders `findings` in the chosen format to --output (stdout by default)
// and returns the exit code: 2 when run.errors is non-empty (input errors),
// else 1 when the verdict is fail, else 0; 3 if the output can't be written.
int EmitReport(const FindingSet& findings, report::RunInfo& run,
               const GlobalOptions& g);

// Milliseconds since `start`.
int64_t ElapsedMs(std::chrono::steady_clock::time_point start);

// Secret-looking environment values (tokens, keys, passwords) for redaction.
std::vector<std::string> SecretValuesFromEnvironment();

}  // namespace sg::cli

#endif  // STEPGUARD_CLI_COMMON_H_
