// stepguard rules: every registered rule, for people and for machines.
#include <CLI/CLI.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "audit/registry.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "runner/catalog.h"
#include "settings/rules.h"

namespace sg::cli {

void RegisterRulesCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto format = std::make_shared<std::string>("plain");
  auto* cmd =
      app.add_subcommand("rules", "List every rule stepguard can report");
  cmd->add_option("--format", *format, "plain or json")
      ->check(CLI::IsMember({"plain", "json"}))
      ->capture_default_str();
  cmd->callback([format, &st] {
    // Every area's catalogue: workflow audits (offline, then online), token
    // checks, runner probes.
    struct Row {
      std::string id, area, severity, description;
    };
    std::vector<Row> rows;
    for (const auto& a : audit::AllAudits()) {
      const auto& i = a->info();
      rows.push_back({i.id, "workflow", std::string(SeverityName(i.severity)),
                      i.description});
    }
    for (const auto& r : settings::SettingsRules()) {
      rows.push_back({std::string(r.id), std::string(AreaName(r.area)),
                      std::string(SeverityName(r.severity)),
                      std::string(r.description)});
    }
    for (const auto& r : runner::RunnerRules()) {
      rows.push_back({std::string(r.id), "runner",
                      std::string(SeverityName(r.runner_severity)),
                      std::string(r.summary)});
    }
    if (*format == "json") {
      nlohmann::ordered_json list = nlohmann::ordered_json::array();
      for (const auto& r : rows) {
        list.push_back({{"id", r.id},
                        {"area", r.area},
                        {"severity", r.severity},
                        {"description", r.description}});
      }
      std::cout << list.dump(2) << "\n";
    } else {
      for (const auto& r : rows) {
        std::cout << r.id
                  << std::string(r.id.size() < 34 ? 34 - r.id.size() : 1, ' ')
                  << r.area
                  << std::string(r.area.size() < 10 ? 10 - r.area.size() : 1,
                                 ' ')
                  << r.severity << std::string(8 - r.severity.size(), ' ')
                  << r.description << "\n";
      }
    }
    st.exit_code = kExitPass;
  });
  (void)g;
}

}  // namespace sg::cli
