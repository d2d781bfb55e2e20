// stepguard lint [PATH...]: the offline workflow audits.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <map>

#include "audit/engine.h"
#include "audit/registry.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/exit_codes.h"
#include "github/action_lookups.h"
#include "github/client.h"
#include "github/token.h"
#include "model/repo.h"
#include "settings/online_audits.h"

namespace sg::cli {
namespace {

class RepoSources : public report::SourceProvider {
 public:
  explicit RepoSources(const model::Repository& repo) {
    for (const auto& f : repo.files())
      if (f->doc) docs_[f->path] = f->doc.get();
  }
  std::string_view Line(const std::string& path, int line) const override {
    auto it = docs_.find(path);
    return it == docs_.end() ? std::string_view() : it->second->LineText(line);
  }
  SourcePos PosAt(const std::string& path, size_t offset) const override {
    auto it = docs_.find(path);
    return it == docs_.end() ? SourcePos{} : it->second->PosAt(offset);
  }

 private:
  std::map<std::string, const yaml::Document*> docs_;
};

// The online audits (impostor-commit, known-vulnerable-actions, ...) need
// the GitHub API: they run when a token is in GITHUB_TOKEN or GH_TOKEN and
// --offline is not given; otherwise they are reported as not assessed.
void RunOnline(const model::Repository& repo, const policy::Policy& policy,
               const audit::EngineOptions& eo, const GlobalOptions& g,
               FindingSet* findings) {
  std::vector<std::string> enabled;
  for (const auto& id : settings::OnlineAuditIds())
    if (!policy.RuleDisabled(id)) enabled.push_back(id);
  if (enabled.empty()) return;
  auto not_assessed = [&](const std::string& reason) {
    for (const auto& id : enabled) findings->AddNotAssessed({id, reason, ""});
  };
  if (g.offline)
    return not_assessed("--offline: the GitHub API was not consulted");
  github::EnvLookup env = github::ProcessEnv();
  std::optional<std::string> secret;
  for (const char* name : {"GITHUB_TOKEN", "GH_TOKEN"}) {
    if (auto v = env(name); v && !v->empty()) {
      secret = std::move(v);
      break;
    }
  }
  if (!secret)
    return not_assessed("no GitHub token in GITHUB_TOKEN or GH_TOKEN");
  github::ClientOptions copts = github::ClientOptionsFromEnv(env);
  github::Client client(copts, github::Token(std::move(*secret)));
  github::ActionLookups lookups(client, copts.cache_dir.empty()
                                            ? std::string()
                                            : copts.cache_dir + "/lookups");
  FindingSet online;
  settings::RunOnlineAudits(repo, policy, lookups, &online);
  audit::ApplyPolicy(repo, policy, eo, &online);
  findings->Merge(std::move(online));
  findings->Sort();
}

struct LintOptions {
  std::vector<std::string> paths;
  std::string persona;
  size_t jobs = 0;
};

int RunLint(const LintOptions& o, const GlobalOptions& g) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> paths =
      o.paths.empty() ? std::vector<std::string>{"."} : o.paths;

  Diagnostics policy_diags;
  std::string root = std::filesystem::is_directory(paths[0]) ? paths[0] : ".";
  auto policy = LoadEffectivePolicy(g, root, &policy_diags);
  PrintDiagnostics(policy_diags, g);
  if (!policy.ok()) {
    std::cerr << "stepguard: " << policy.status().message() << "\n";
    return kExitUsage;
  }

  Diagnostics diags;
  model::LoadOptions load;
  load.jobs = o.jobs;
  auto repo = model::Repository::Load(paths, &diags, load);
  if (!repo.ok()) {
    std::cerr << "stepguard: " << repo.status().message() << "\n";
    return kExitUsage;
  }
  // Warnings (type errors, duplicate keys) go to stderr; errors (files that
  // could not be assessed) are part of the report and make the exit code 2.
  report::RunInfo run;
  run.command = "lint";
  for (const Diagnostic& d : diags.items()) {
    if (d.level == Diagnostic::Level::kError)
      run.errors.push_back(d);
    else if (g.verbose)
      std::cerr << d.ToString() << "\n";
  }

  audit::EngineOptions eo;
  if (!o.persona.empty()) eo.persona = audit::ParsePersona(o.persona);
  eo.jobs = o.jobs;
  auto audits = audit::AllAudits();
  FindingSet findings = audit::RunAudits(**repo, *policy, audits, eo);
  RunOnline(**repo, *policy, eo, g, &findings);

  for (const auto& a : audits) {
    run.rules.push_back(
        {a->info().id, a->info().description, a->info().severity});
  }
  RepoSources sources(**repo);
  run.sources = &sources;
  run.files = (*repo)->files_seen();
  run.fail_on = policy->fail_on;
  run.elapsed_ms = ElapsedMs(start);
  if (run.files == 0 && run.errors.empty() && !g.quiet) {
    std::cerr
        << "stepguard: no workflow, action or dependabot files found under";
    for (const auto& p : paths) std::cerr << " " << p;
    std::cerr << "\n";
  }
  return EmitReport(findings, run, g);
}

}  // namespace

void RegisterLintCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto opts = std::make_shared<LintOptions>();
  auto* cmd = app.add_subcommand(
      "lint",
      "Audit workflows, actions and dependabot.yml. PATH may be a repository "
      "root (reads "
      ".github/workflows, action.yml files and .github/dependabot.yml), any "
      "folder (every "
      "*.yml/*.yaml below it) or files. Default: the current directory.");
  cmd->add_option("PATH", opts->paths, "Repository roots, folders or files");
  cmd->add_option("--persona", opts->persona,
                  "regular (default), pedantic (adds style audits) or auditor "
                  "(everything, "
                  "including low-confidence findings)")
      ->check(CLI::IsMember({"regular", "pedantic", "auditor"}));
  cmd->add_option("-j,--jobs", opts->jobs,
                  "Threads that parse and audit files (default: one per CPU); "
                  "the output does not depend on it")
      ->check(CLI::Range(1, 256));
  AddCommonOptions(cmd, g);
  cmd->callback([opts, &g, &st] { st.exit_code = RunLint(*opts, g); });
}

}  // namespace sg::cli
