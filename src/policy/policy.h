// The policy: one file (.github/stepguard.yml) that governs every gate, or
// the embedded default. Loading validates strictly: unknown keys and wrong
// types are errors with line and column, so a typo never silently weakens a
// policy.
#ifndef STEPGUARD_POLICY_POLICY_H_
#define STEPGUARD_POLICY_POLICY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "base/status.h"
#include "finding/finding.h"
#include "model/yaml.h"

namespace sg::policy {

struct RuleConfig {
  bool disable = false;
  std::optional<Severity> severity;
  const yaml::Node* config =
      nullptr;  // rule-specific options (owned by Policy)
};

struct IgnoreEntry {
  std::string rule;  // rule id or "*"
  std::string path;  // glob over repository-relative paths; empty = any
  std::string reason;
  SourcePos pos;  // where the entry is written
};

struct WorkflowsPolicy {
  std::map<std::string, RuleConfig> rules;
  std::vector<IgnoreEntry> ignore;
  std::vector<std::string> allowed_actions;  // empty = no allowlist
  std::string persona = "regular";           // regular | pedantic | auditor
};

struct TokenPolicy {
  // event name ("default" for any) -> scope -> maximum level.
  std::map<std::string, std::map<std::string, std::string>> max_permissions;
  std::vector<std::string> forbidden_scopes;
  int max_lifetime_days = 90;
};

struct RunnerPolicy {
  std::vector<std::string> require;  // condition names (docs/runner.md)
  std::vector<std::string> forbid;
  std::map<std::string, Severity> severities;  // runner-* rule id -> severity
  std::optional<Severity> violation_severity;  // of require/forbid violations
  std::vector<std::string> disable;            // runner-* rule ids not reported
  std::vector<std::string> secret_env_patterns;
  std::vector<std::string> ignore_env;
  std::vector<std::string> allowed_processes;
};

struct BranchProtectionPolicy {
  std::optional<int> required_approvals;
  std::optional<bool> dismiss_stale_reviews;
  std::optional<bool> allow_force_pushes;
};

struct RepositoryPolicy {
  std::optional<std::string> default_workflow_permissions;  // read | write
  std::optional<bool> can_approve_pull_request_reviews;
  std::optional<bool> sha_pinning_required;
  BranchProtectionPolicy branch_protection;
};

struct SecretInjection {
  std::string origin;         // https://api.openai.com
  std::string as = "bearer";  // bearer | header
  std::string header;         // when as == header
};

struct SandboxPolicy {
  std::vector<std::string> network_allow;
  std::map<std::string, SecretInjection> secrets;
  std::vector<std::string> writable;
  std::vector<std::string> hidden;
  std::vector<std::string> protected_paths;
  std::vector<std::string> env_pass;
  std::vector<std::string>
      require;  // layers that must apply; empty = all enabled
  std::optional<int64_t> timeout_seconds;
  std::optional<int64_t> memory_bytes;  // unset: half of RAM
  std::optional<int64_t> pids;
  std::optional<int64_t> output_bytes;
};

struct ReportPolicy {
  bool summary = true;
  std::string pr_comment = "on-findings";  // always | on-findings | never
  bool check_run = false;
  std::string sarif;  // path, empty = none
};

struct Policy {
  int version = 1;
  std::optional<Severity> fail_on = Severity::kHigh;  // nullopt: "none"
  WorkflowsPolicy workflows;
  TokenPolicy token;
  RunnerPolicy runner;
  RepositoryPolicy repository;
  SandboxPolicy sandbox;
  ReportPolicy report;

  std::string source;  // file path, or "embedded default"
  std::shared_ptr<const yaml::Document> doc;  // keeps rule config nodes alive
  std::shared_ptr<const yaml::Document>
      default_doc;  // ditto, for overlaid defaults

  const RuleConfig* Rule(std::string_view id) const;
  bool RuleDisabled(std::string_view id) const;
};

struct LoadOptions {
  // When set, rule ids in the policy must be one of these.
  const std::set<std::string>* known_rules = nullptr;
  // When set, runner.require/forbid names and runner rule ids must be in these.
  const std::set<std::string>* known_runner_conditions = nullptr;
  const std::set<std::string>* known_runner_rules = nullptr;
  // Start from the embedded default and apply the file on top (keys the
  // file sets replace the default's; rule entries merge by id).
  bool overlay_on_default = true;
};

// The embedded default policy's YAML text (what `policy init` writes).
std::string_view DefaultPolicyText();

// The embedded default policy. Never fails.
Policy DefaultPolicy();

// Parses policy text. Errors (with positions) go to `diags`; a policy with
// any error is refused (InvalidInput), never partially applied.
Result<Policy> ParsePolicy(const std::string& path, std::string text,
                           Diagnostics* diags, const LoadOptions& options = {});

// Renders the effective policy as YAML (what `policy show` prints).
std::string DumpPolicy(const Policy& policy);

// Reads and parses a policy file.
Result<Policy> LoadPolicyFile(const std::string& path, Diagnostics* diags,
                              const LoadOptions& options = {});

// Parses sizes ("4GiB", "512M", "1024") and durations ("30m", "90s", "2h").
std::optional<int64_t> ParseSize(std::string_view s);
std::optional<int64_t> ParseDuration(std::string_view s);

}  // namespace sg::policy

#endif  // STEPGUARD_POLICY_POLICY_H_
