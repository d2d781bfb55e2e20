#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/version.h"

namespace sg::cli {

int Run(int argc, char** argv) {
  CLI::App app{
      "stepguard: harden GitHub Actions workflows, runners, tokens and agent "
      "tasks against one policy.",
      "stepguard"};
  app.set_version_flag("--version", std::string("stepguard ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();

  GlobalOptions g;
  RunState st;
  if (std::getenv("NO_COLOR") != nullptr) g.no_color = true;

  // Subcommands, one per file (cmd_*.cc), in the order `--help` lists them.
  RegisterLintCommand(app, g, st);
  RegisterRulesCommand(app, g, st);
  RegisterPolicyCommand(app, g, st);
  RegisterRunnerCommand(app, g, st);
  RegisterExecCommand(app, g, st);
  RegisterTokenCommand(app, g, st);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  return st.exit_code;
}

}  // namespace sg::cli
