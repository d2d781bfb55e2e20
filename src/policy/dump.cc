#include <cctype>
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

// A scalar as YAML: plain when it reads back as the same string, else
// double-quoted.
std::string ScalarYaml(const yaml::Node& n) {
  const std::string& v = n.value;
  bool plain = n.style == yaml::ScalarStyle::kPlain && !v.empty();
  for (char c : v)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
          c == '.' || c == '/' || c == '@' || c == '*'))
      plain = false;
  if (plain && (v[0] == '-' || v[0] == '*' || v[0] == '@')) plain = false;
  return plain ? v : Quote(v);
}

// A rule's config node in flow style, so `policy show` output loads back.
std::string FlowYaml(const yaml::Node* n, int depth = 0) {
  if (!n || n->IsNull() || depth > 64) return "null";
  if (n->IsScalar()) return ScalarYaml(*n);
  std::string out;
  if (n->IsSequence()) {
    out = "[";
    for (size_t i = 0; i < n->items.size(); ++i)
      out += (i ? ", " : "") + FlowYaml(n->items[i], depth + 1);
    return out + "]";
  }
  out = "{";
  bool first = true;
  for (const auto& [k, v] : n->entries) {
    out += (first ? "" : ", ") + (k ? FlowYaml(k, depth + 1) : "null") + ": " +
           FlowYaml(v, depth + 1);
    first = false;
  }
  return out + "}";
}

std::string Size(int64_t b) {
  if (b % (1LL << 30) == 0) return std::to_string(b >> 30) + "GiB";
  if (b % (1LL << 20) == 0) return std::to_string(b >> 20) + "MiB";
  if (b % (1LL << 10) == 0) return std::to_string(b >> 10) + "KiB";
  return std::to_string(b);
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
      parts += std::string(parts.empty() ? "" : ", ") +
               "config: " + FlowYaml(rc.config);
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
  const auto& bp = r.branch_protection;
  if (bp.required_approvals || bp.dismiss_stale_reviews ||
      bp.allow_force_pushes) {
    std::string parts;
    auto add = [&](const std::string& kv) {
      parts += (parts.empty() ? "" : ", ") + kv;
    };
    if (bp.required_approvals)
      add("required-approvals: " + std::to_string(*bp.required_approvals));
    if (bp.dismiss_stale_reviews)
      add(std::string("dismiss-stale-reviews: ") +
          (*bp.dismiss_stale_reviews ? "true" : "false"));
    if (bp.allow_force_pushes)
      add(std::string("allow-force-pushes: ") +
          (*bp.allow_force_pushes ? "true" : "false"));
    o += "  branch-protection: {" + parts + "}\n";
  }
  o += "sandbox:\n  network: {allow: " + List(p.sandbox.network_allow) + "}\n";
  o += "  secrets:";
  if (p.sandbox.secrets.empty()) o += " {}";
  o += "\n";
  for (const auto& [name, inj] : p.sandbox.secrets) {
    o += "    " + name + ": {inject-into: " + Quote(inj.origin) +
         ", as: " + inj.as;
    if (!inj.header.empty()) o += ", header: " + Quote(inj.header);
    o += "}\n";
  }
  o += "  filesystem:\n    writable: " + List(p.sandbox.writable) +
       "\n    hidden: " + List(p.sandbox.hidden) +
       "\n    protected: " + List(p.sandbox.protected_paths) + "\n";
  o += "  env: {pass: " + List(p.sandbox.env_pass) + "}\n";
  if (!p.sandbox.require.empty())
    o += "  require: " + List(p.sandbox.require) + "\n";
  o += "  limits:\n";
  if (p.sandbox.timeout_seconds)
    o += "    timeout: " + Seconds(*p.sandbox.timeout_seconds) + "\n";
  if (p.sandbox.memory_bytes)
    o += "    memory: " + Size(*p.sandbox.memory_bytes) + "\n";
  else
    o += "    # memory: not set (half of the machine's RAM at run time)\n";
  if (p.sandbox.pids)
    o += "    pids: " + std::to_string(*p.sandbox.pids) + "\n";
  if (p.sandbox.output_bytes)
    o += "    output: " + Size(*p.sandbox.output_bytes) + "\n";
  o += "report:\n  summary: " +
       std::string(p.report.summary ? "true" : "false") +
       "\n  pr-comment: " + p.report.pr_comment +
       "\n  check-run: " + (p.report.check_run ? "true" : "false") + "\n";
  if (!p.report.sarif.empty()) o += "  sarif: " + Quote(p.report.sarif) + "\n";
  return o;
}

}  // namespace sg::policy
