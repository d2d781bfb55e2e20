#include <string>

#include "policy/policy.h"

namespace sg::policy {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string List(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Quote(v[i]);
  return out + "]";
}

std::string Seconds(int64_t s) {
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

}  // namespace

std::string DumpPolicy(const Policy& p) {
  std::string o = "# effective policy (source: " + p.source + ")\nversion: 1\n";
  o +=
      "fail-on: " + std::string(p.fail_on ? SeverityName(*p.fail_on) : "none") +
      "\n";
  o += "workflows:\n  persona: " + p.workflows.persona + "\n  rules:";
  if (p.workflows.rules.empty()) o += " {}";
  o += "\n";
  for (const auto& [id, rc] : p.workflows.rules) {
    o += "    " + id + ": {";
    std::string parts;
    if (rc.disable) parts += "disable: true";
    if (rc.severity)
      parts += std::string(parts.empty() ? "" : ", ") +
               "severity: " + std::string(SeverityName(*rc.severity));
    if (rc.config)
      parts += std::string(parts.empty() ? "" : ", ") + "config: (see source)";
    o += parts + "}\n";
  }
  o += "  ignore:";
  if (p.workflows.ignore.empty()) o += " []";
  o += "\n";
  for (const auto& ig : p.workflows.ignore) {
    o += "    - {rule: " + Quote(ig.rule) + ", path: " + Quote(ig.path) +
         ", reason: " + Quote(ig.reason) + "}\n";
  }
  o += "  allowed-actions: " + List(p.workflows.allowed_actions) + "\n";
  o += "token:\n  max-permissions:";
  if (p.token.max_permissions.empty()) o += " {}";
  o += "\n";
  for (const auto& [ev, scopes] : p.token.max_permissions) {
    o += "    " + ev + ": {";
    bool first = true;
    for (const auto& [scope, level] : scopes) {
      o += std::string(first ? "" : ", ") + scope + ": " + level;
      first = false;
    }
    o += "}\n";
  }
  o += "  forbidden-scopes: " + List(p.token.forbidden_scopes) + "\n";
  o += "  max-lifetime-days: " + std::to_string(p.token.max_lifetime_days) +
       "\n";
  o += "runner:\n  require: " + List(p.runner.require) +
       "\n  forbid: " + List(p.runner.forbid) + "\n";
  o += "repository:\n";
  const auto& r = p.repository;
  if (r.default_workflow_permissions)
    o += "  default-workflow-permissions: " + *r.default_workflow_permissions +
         "\n";
  if (r.can_approve_pull_request_reviews)
    o += std::string("  can-approve-pull-request-reviews: ") +
         (*r.can_approve_pull_request_reviews ? "true" : "false") + "\n";
  if (r.sha_pinning_required)
    o += std::string("  sha-pinning-required: ") +
         (*r.sha_pinning_required ? "true" : "false") + "\n";
  o += "sandbox:\n  network: {allow: " + List(p.sandbox.network_allow) + "}\n";
  for (const auto& [name, inj] : p.sandbox.secrets) {
    o += "  # secret " + name + " injected into " + inj.origin + " as " +
         inj.as + "\n";
  }
  o += "  filesystem:\n    writable: " + List(p.sandbox.writable) +
       "\n    hidden: " + List(p.sandbox.hidden) +
       "\n    protected: " + List(p.sandbox.protected_paths) + "\n";
  o += "  env: {pass: " + List(p.sandbox.env_pass) + "}\n  limits:\n";
  if (p.sandbox.timeout_seconds)
    o += "    timeout: " + Seconds(*p.sandbox.timeout_seconds) + "\n";
  o += "    memory: " +
       (p.sandbox.memory_bytes ? std::to_string(*p.sandbox.memory_bytes)
                               : std::string("half of RAM")) +
       "\n";
  if (p.sandbox.pids)
    o += "    pids: " + std::to_string(*p.sandbox.pids) + "\n";
  if (p.sandbox.output_bytes)
    o += "    output: " + std::to_string(*p.sandbox.output_bytes) + "\n";
  o += "report:\n  summary: " +
       std::string(p.report.summary ? "true" : "false") +
       "\n  pr-comment: " + p.report.pr_comment +
       "\n  check-run: " + (p.report.check_run ? "true" : "false") + "\n";
  if (!p.report.sarif.empty()) o += "  sarif: " + Quote(p.report.sarif) + "\n";
  return o;
}

}  // namespace sg::policy
