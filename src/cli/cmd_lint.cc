#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace sg::cli {

void RegisterLintCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto* cmd = app.add_subcommand("lint", "TODO");
  cmd->callback([&st] { st.exit_code = 0; });
}

}  // namespace sg::cli
