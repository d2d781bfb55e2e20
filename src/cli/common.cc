#include "cli/common.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "audit/registry.h"
#include "base/file.h"
#include "base/strings.h"
#include "cli/exit_codes.h"
#include "cli/version.h"
#include "runner/catalog.h"
#include "settings/online_audits.h"

extern char** environ;

namespace sg::cli {

void AddCommonOptions(CLI::App* cmd, GlobalOptions& g) {
  cmd->add_option("--format", g.format, "Output format")
      ->check(CLI::IsMember({"plain", "json", "sarif", "github", "markdown"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", g.output,
                  "Write the report to FILE ('-' for stdout)")
      ->type_name("FILE");
  cmd->add_option("--fail-on", g.fail_on,
                  "Fail (exit 1) on findings at or above this severity "
                  "(overrides the policy)")
      ->check(CLI::IsMember({"none", "low", "medium", "high"}));
  cmd->add_option("--policy", g.policy_path,
                  "Policy file (default: .github/stepguard.yml, else the "
                  "embedded default)")
      ->type_name("FILE");
  cmd->add_flag("-q,--quiet", g.quiet, "Print only the report and errors");
  cmd->add_flag("-v,--verbose", g.verbose, "Print progress and warnings");
  cmd->add_flag("--no-color", g.no_color, "Disable colour (also: NO_COLOR)");
  cmd->add_flag("--offline", g.offline, "Make no network requests");
}

Result<policy::Policy> LoadEffectivePolicy(const GlobalOptions& g,
                                           const std::string& root,
                                           Diagnostics* diags) {
  std::set<std::string> known = audit::KnownRuleIds();
  for (const auto& id : settings::OnlineAuditIds()) known.insert(id);
  std::set<std::string> conditions, runner_rules;
  for (const auto& c : runner::RunnerConditions()) conditions.emplace(c.name);
  for (const auto& r : runner::RunnerRules()) runner_rules.emplace(r.id);
  policy::LoadOptions opts;
  opts.known_rules = &known;
  opts.known_runner_conditions = &conditions;
  opts.known_runner_rules = &runner_rules;
  std::string file = FindPolicyFile(g, root);
  if (!file.empty()) return policy::LoadPolicyFile(file, diags, opts);
  return policy::DefaultPolicy();
}

std::string FindPolicyFile(const GlobalOptions& g, const std::string& root) {
  if (!g.policy_path.empty()) return g.policy_path;
  std::error_code ec;
  for (const char* name : {".github/stepguard.yml", ".github/stepguard.yaml"}) {
    std::filesystem::path p =
        std::filesystem::path(root.empty() ? "." : root) / name;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  return "";
}

void PrintDiagnostics(const Diagnostics& diags, const GlobalOptions& g) {
  for (const Diagnostic& d : diags.items()) {
    if (d.level == Diagnostic::Level::kWarning && g.quiet) continue;
    std::cerr << d.ToString() << "\n";
  }
}

int EmitReport(const FindingSet& findings, report::RunInfo& run,
               const GlobalOptions& g) {
  auto format = report::ParseFormat(g.format).value_or(report::Format::kPlain);
  run.tool_version = kVersion;
  const bool to_stdout = g.output.empty() || g.output == "-";
  run.color = format == report::Format::kPlain && to_stdout && !g.no_color &&
              ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  for (auto& s : SecretValuesFromEnvironment())
    run.secrets.push_back(std::move(s));
  if (!g.fail_on.empty()) {
    run.fail_on = g.fail_on == "none" ? std::nullopt : ParseSeverity(g.fail_on);
  }
  std::string text = report::Render(format, findings, run);
  Status s = WriteFile(to_stdout ? "-" : g.output, text);
  if (!s.ok()) {
    std::cerr << "stepguard: " << s.message() << "\n";
    return kExitInternal;
  }
  if (!run.errors.empty()) return kExitUsage;
  return report::Verdict(findings, run) == "fail" ? kExitViolation : kExitPass;
}

int64_t ElapsedMs(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now() - start)
      .count();
}

std::vector<std::string> SecretValuesFromEnvironment() {
  std::vector<std::string> out;
  static const char* kHints[] = {
      "TOKEN",  "SECRET",      "PASSWORD",   "PASSWD",     "API_KEY",
      "APIKEY", "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL", "AUTH"};
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name = std::string(kv.substr(0, eq));
    std::string upper = name;
    for (char& c : upper)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string_view value = kv.substr(eq + 1);
    bool secret = false;
    for (const char* h : kHints)
      secret = secret || upper.find(h) != std::string::npos;
    // Well-known token shapes, whatever the variable is called.
    for (const char* prefix :
         {"ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"})
      secret = secret || StartsWith(value, prefix);
    if (secret && value.size() >= 8) out.emplace_back(value);
  }
  return out;
}

}  // namespace sg::cli
