// stepguard rules: every registered rule, for people and for machines.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "audit/registry.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace sg::cli {

void RegisterRulesCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto format = std::make_shared<std::string>("plain");
  auto* cmd = app.add_subcommand("rules", "List every rule stepguard can report");
  cmd->add_option("--format", *format, "plain or json")
      ->check(CLI::IsMember({"plain", "json"}))
      ->capture_default_str();
  cmd->callback([format, &st] {
    auto audits = audit::AllAudits();
    if (*format == "json") {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& a : audits) {
        const auto& i = a->info();
        list.push_back({{"id", i.id},
                        {"area", "workflow"},
                        {"severity", std::string(SeverityName(i.severity))},
                        {"description", i.description}});
      }
      std::cout << list.dump(2) << "\n";
    } else {
      for (const auto& a : audits) {
        const auto& i = a->info();
        std::cout << i.id << std::string(i.id.size() < 28 ? 28 - i.id.size() : 1, ' ')
                  << SeverityName(i.severity)
                  << std::string(8 - SeverityName(i.severity).size(), ' ') << i.description
                  << "\n";
      }
    }
    st.exit_code = kExitPass;
  });
  (void)g;
}

}  // namespace sg::cli
