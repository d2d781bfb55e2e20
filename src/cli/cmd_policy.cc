// stepguard policy init|validate|show|explain.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "audit/registry.h"
#include "base/file.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/exit_codes.h"
#include "cli/rule_docs.h"
#include "policy/policy.h"

namespace sg::cli {
namespace {

struct PolicyOptions {
  std::string file;
  std::string output = ".github/stepguard.yml";
  bool force = false;
  std::string rule;
};

int Init(const PolicyOptions& o) {
  std::error_code ec;
  if (o.output != "-" && std::filesystem::exists(o.output, ec) && !o.force) {
    std::cerr << "stepguard: " << o.output
              << " exists; use --force to overwrite\n";
    return kExitUsage;
  }
  if (o.output != "-") {
    auto parent = std::filesystem::path(o.output).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  Status s = WriteFile(o.output, std::string(policy::DefaultPolicyText()));
  if (!s.ok()) {
    std::cerr << "stepguard: " << s.message() << "\n";
    return kExitInternal;
  }
  if (o.output != "-") std::cerr << "wrote " << o.output << "\n";
  return kExitPass;
}

int Validate(const PolicyOptions& o, const GlobalOptions& g) {
  std::string path = !o.file.empty()          ? o.file
                     : !g.policy_path.empty() ? g.policy_path
                                              : ".github/stepguard.yml";
  std::set<std::string> known = audit::KnownRuleIds();
  policy::LoadOptions opts;
  opts.known_rules = &known;
  Diagnostics diags;
  auto p = policy::LoadPolicyFile(path, &diags, opts);
  for (const Diagnostic& d : diags.items()) std::cerr << d.ToString() << "\n";
  if (!p.ok()) {
    std::cerr << "stepguard: " << p.status().message() << "\n";
    return kExitUsage;
  }
  std::cout << path << ": valid\n";
  return kExitPass;
}

int Show(const GlobalOptions& g) {
  Diagnostics diags;
  auto p = LoadEffectivePolicy(g, ".", &diags);
  for (const Diagnostic& d : diags.items()) std::cerr << d.ToString() << "\n";
  if (!p.ok()) return kExitUsage;
  std::cout << policy::DumpPolicy(*p);
  return kExitPass;
}

int Explain(const PolicyOptions& o) {
  std::string_view doc = RuleDoc(o.rule);
  if (doc.empty()) {
    std::cerr << "stepguard: no rule named \"" << o.rule
              << "\" (see `stepguard rules`)\n";
    return kExitUsage;
  }
  std::cout << doc;
  return kExitPass;
}

}  // namespace

void RegisterPolicyCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto o = std::make_shared<PolicyOptions>();
  auto* cmd = app.add_subcommand("policy",
                                 "Write, validate, show or explain the policy");
  cmd->require_subcommand(1);

  auto* init = cmd->add_subcommand(
      "init", "Write the embedded default policy as a starting point");
  init->add_option("-o,--output", o->output,
                   "Where to write it ('-' for stdout)")
      ->capture_default_str();
  init->add_flag("--force", o->force, "Overwrite an existing file");
  init->callback([o, &st] { st.exit_code = Init(*o); });

  auto* validate = cmd->add_subcommand(
      "validate", "Check a policy file; errors are reported as FILE:LINE:COL");
  validate->add_option("FILE", o->file,
                       "Policy file (default: .github/stepguard.yml)");
  validate->callback([o, &g, &st] { st.exit_code = Validate(*o, g); });

  auto* show = cmd->add_subcommand(
      "show", "Print the effective policy (file over the defaults)");
  show->add_option("--policy", g.policy_path, "Policy file")->type_name("FILE");
  show->callback([&g, &st] { st.exit_code = Show(g); });

  auto* explain =
      cmd->add_subcommand("explain", "Describe a rule: what, why, how to fix");
  explain->add_option("RULE", o->rule, "Rule id")->required();
  explain->callback([o, &st] { st.exit_code = Explain(*o); });
}

}  // namespace sg::cli
