// `stepguard token`: what the token in hand may do — its kind (by prefix),
// classic OAuth scopes and expiry as GitHub reports them, and inside a
// workflow the job's effective GITHUB_TOKEN permissions — judged against the
// policy's `token:` section. The token is read from the environment only
// (--token-env NAME, default GITHUB_TOKEN then GH_TOKEN), never from argv,
// and never appears in any output: it lives in a github::Token, which
// cannot be printed, and every output also passes the report redaction.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "base/strings.h"
#include "cli/commands.h"
#include "cli/common.h"
#include "cli/exit_codes.h"
#include "github/api.h"
#include "github/client.h"
#include "github/token.h"
#include "settings/job_context.h"
#include "settings/token_checks.h"

namespace sg::cli {
namespace {

using nlohmann::ordered_json;

struct TokenCmdOptions {
  std::string token_env;
};

ordered_json EffectiveJson(
    const settings::JobTokenContext& ctx,
    const std::optional<settings::EffectivePermissions>& eff) {
  ordered_json j;
  j["workflow"] = ctx.workflow_path;
  j["job"] = ctx.job;
  j["event"] = ctx.event;
  j["fork_pull_request"] = ctx.fork_pull_request;
  if (eff) {
    j["source"] = eff->source;
    j["capped_read_only"] = eff->capped_read_only;
    j["write_all"] = eff->write_all;
    ordered_json perms = ordered_json::object();
    for (const auto& [scope, level] : eff->scopes) perms[scope] = level;
    j["permissions"] = perms;
  } else {
    j["source"] = nullptr;
    j["permissions"] = nullptr;
  }
  return j;
}

std::string FactsPlain(const ordered_json& facts) {
  std::string out = "token facts:\n";
  out += "  source:     $" + facts["env"].get<std::string>() + "\n";
  out += "  kind:       " + facts["kind"].get<std::string>() + " — " +
         facts["implication"].get<std::string>() + "\n";
  if (facts["login"].is_string()) {
    out += "  login:      " + facts["login"].get<std::string>() + "\n";
  }
  if (facts["scopes"].is_array()) {
    std::vector<std::string> s =
        facts["scopes"].get<std::vector<std::string>>();
    out +=
        "  scopes:     " + (s.empty() ? std::string("(none)") : Join(s, ", ")) +
        "\n";
  }
  if (facts["expires"].is_string()) {
    out += "  expires:    " + facts["expires"].get<std::string>() + "\n";
  }
  if (facts["github_token"].is_object()) {
    const auto& g = facts["github_token"];
    out += "  GITHUB_TOKEN of job '" + g["job"].get<std::string>() + "' (" +
           g["event"].get<std::string>() + "): ";
    if (g["permissions"].is_object()) {
      std::vector<std::string> w;
      for (auto& [k, v] : g["permissions"].items()) {
        if (v != "none") w.push_back(k + ":" + v.get<std::string>());
      }
      out += Join(w, ", ") + " (from " + g["source"].get<std::string>() + ")\n";
    } else {
      out += "unknown\n";
    }
  }
  return out + "\n";
}

int RunToken(GlobalOptions& g, const TokenCmdOptions& o) {
  auto start = std::chrono::steady_clock::now();
  Diagnostics diags;
  auto pol = LoadEffectivePolicy(g, ".", &diags);
  PrintDiagnostics(diags, g);
  if (!pol.ok()) {
    if (diags.items().empty())
      std::cerr << "stepguard token: " << pol.status().message() << "\n";
    return ExitCodeFor(pol.status());
  }

  github::EnvLookup env = github::ProcessEnv();
  std::vector<std::string> names =
      o.token_env.empty() ? std::vector<std::string>{"GITHUB_TOKEN", "GH_TOKEN"}
                          : std::vector<std::string>{o.token_env};
  settings::TokenFacts facts;
  facts.env_name = names.front();
  github::Token token;
  for (const auto& n : names) {
    auto v = env(n);
    if (v && !v->empty()) {
      token = github::Token(std::move(*v));
      facts.env_name = n;
      break;
    }
  }
  facts.kind = token.kind();

  std::unique_ptr<github::Client> client;
  if (g.offline) {
    facts.offline_reason = "--offline: the GitHub API was not consulted";
  } else if (!token.empty() && token.kind() != github::TokenKind::kRefresh) {
    github::ClientOptions copts = github::ClientOptionsFromEnv(env);
    // One short probe: a long rate-limit wait is not worth it here.
    copts.rate_limit_wait_budget = std::chrono::seconds(60);
    client = std::make_unique<github::Client>(copts, token);
    auto api = github::IntrospectToken(*client);
    if (api.ok()) {
      facts.online = true;
      facts.api = *api;
    } else {
      facts.offline_reason = api.status().message();  // scrubbed by the client
    }
  }

  FindingSet findings;
  int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  settings::CheckTokenCredential(facts, pol->token, now, &findings);

  ordered_json fj;
  fj["env"] = facts.env_name;
  fj["kind"] = std::string(github::TokenKindName(facts.kind));
  fj["implication"] = std::string(github::TokenKindImplication(facts.kind));
  fj["online"] = facts.online;
  fj["login"] = facts.api && !facts.api->login.empty()
                    ? ordered_json(facts.api->login)
                    : ordered_json(nullptr);
  fj["scopes"] = facts.api && facts.api->oauth_scopes
                     ? ordered_json(*facts.api->oauth_scopes)
                     : ordered_json(nullptr);
  fj["expires"] = facts.api && facts.api->expiration_raw
                      ? ordered_json(*facts.api->expiration_raw)
                      : ordered_json(nullptr);
  fj["github_token"] = nullptr;

  if (settings::InWorkflowJob(env)) {
    // The job's API access needs a token that can read; without one the
    // workflow must be in the workspace and the default stays unknown.
    github::Client* api_client = facts.online ? client.get() : nullptr;
    auto ctx = settings::LoadJobTokenContext(env, api_client);
    if (ctx.ok()) {
      if (!api_client && ctx->default_unknown_reason == "offline") {
        ctx->default_unknown_reason =
            g.offline ? "--offline" : "no usable token to read the default";
      }
      auto eff = settings::ComputeEffectivePermissions(*ctx);
      settings::CheckGithubTokenPermissions(*ctx, eff, pol->token, &findings);
      fj["github_token"] = EffectiveJson(*ctx, eff);
    } else {
      std::string reason = token.Scrub(ctx.status().message());
      findings.AddNotAssessed(
          {"token-excessive-permissions", reason, "github-token"});
      findings.AddNotAssessed({"token-write-all", reason, "github-token"});
    }
  }

  report::RunInfo run;
  run.command = "token";
  run.fail_on = pol->fail_on;
  run.elapsed_ms = ElapsedMs(start);
  run.json_extra["token"] = fj.dump();
  if (auto v = env(facts.env_name); v && !v->empty()) run.secrets.push_back(*v);

  const bool to_stdout = g.output.empty() || g.output == "-";
  if (g.format == "plain" && to_stdout && !g.quiet) {
    std::string block = report::Redact(FactsPlain(fj), run.secrets);
    std::cout << token.Scrub(block) << std::flush;
  }
  return EmitReport(findings, run, g);
}

}  // namespace

void RegisterTokenCommand(CLI::App& app, GlobalOptions& g, RunState& st) {
  auto o = std::make_shared<TokenCmdOptions>();
  auto* cmd = app.add_subcommand(
      "token",
      "Check the token in hand: kind, classic scopes, expiry and, inside a "
      "workflow, the job's GITHUB_TOKEN permissions, against the policy");
  AddCommonOptions(cmd, g);
  cmd->add_option(
         "--token-env", o->token_env,
         "Environment variable holding the token (default GITHUB_TOKEN, "
         "then GH_TOKEN); tokens are never accepted on the command line")
      ->type_name("NAME");
  cmd->callback([&g, &st, o] { st.exit_code = RunToken(g, *o); });
}

}  // namespace sg::cli
