#include <cctype>
#include <cstdlib>
#include <initializer_list>

#include "base/file.h"
#include "base/strings.h"
#include "policy/policy.h"

namespace sg::policy {

using yaml::Node;

const RuleConfig* Policy::Rule(std::string_view id) const {
  auto it = workflows.rules.find(std::string(id));
  return it == workflows.rules.end() ? nullptr : &it->second;
}

bool Policy::RuleDisabled(std::string_view id) const {
  const RuleConfig* r = Rule(id);
  return r && r->disable;
}

std::optional<int64_t> ParseSize(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  size_t i = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  if (i == 0 || i > 18) return std::nullopt;
  int64_t n = std::strtoll(std::string(s.substr(0, i)).c_str(), nullptr, 10);
  std::string unit = ToLower(Trim(s.substr(i)));
  int64_t mul = 1;
  if (unit.empty() || unit == "b")
    mul = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    mul = 1LL << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    mul = 1LL << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    mul = 1LL << 30;
  else if (unit == "t" || unit == "tb" || unit == "tib")
    mul = 1LL << 40;
  else
    return std::nullopt;
  if (n > (INT64_MAX / mul)) return std::nullopt;
  return n * mul;
}

std::optional<int64_t> ParseDuration(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  int64_t total = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == start || i - start > 12) return std::nullopt;
    int64_t n = std::strtoll(std::string(s.substr(start, i - start)).c_str(),
                             nullptr, 10);
    int64_t mul = 1;
    if (i < s.size()) {
      char u = s[i++];
      if (u == 's')
        mul = 1;
      else if (u == 'm')
        mul = 60;
      else if (u == 'h')
        mul = 3600;
      else if (u == 'd')
        mul = 86400;
      else
        return std::nullopt;
    } else if (start != 0) {
      return std::nullopt;  // "1h30" is ambiguous
    }
    total += n * mul;
  }
  return total;
}

namespace {

std::string ScalarOr(const yaml::Node* n) {
  return n && n->IsScalar() ? n->value : std::string();
}

class Checker {
 public:
  Checker(const std::string& path, Diagnostics* d) : path_(path), d_(d) {}

  void Error(const Node* n, const std::string& msg) {
    d_->Error(path_, n ? n->span.begin : SourcePos{}, msg);
  }

  bool IsMap(const Node* n, const std::string& what) {
    if (n && n->IsMap()) return true;
    if (n && n->IsNullish())
      return false;  // empty section: allowed, nothing set
    Error(n, what + " must be a mapping, not " +
                 std::string(n ? n->TypeName() : "missing"));
    return false;
  }

  void Keys(const Node* map, std::initializer_list<std::string_view> allowed,
            const std::string& what) {
    for (const auto& [k, v] : map->entries) {
      bool ok = false;
      for (auto a : allowed) ok = ok || k->value == a;
      if (!ok) {
        std::string list;
        for (auto a : allowed)
          list += (list.empty() ? "" : ", ") + std::string(a);
        Error(k, "unknown key \"" + k->value + "\" in " + what +
                     " (expected one of: " + list + ")");
      }
    }
  }

  std::optional<std::string> String(const Node* n, const std::string& what) {
    if (n && n->IsScalar() &&
        !(n->style == yaml::ScalarStyle::kPlain && n->IsNullish())) {
      return n->value;
    }
    Error(n, what + " must be a string, not " +
                 std::string(n ? n->TypeName() : "missing"));
    return std::nullopt;
  }

  std::optional<bool> Bool(const Node* n, const std::string& what) {
    if (n && n->IsScalar() && n->style == yaml::ScalarStyle::kPlain) {
      if (n->value == "true") return true;
      if (n->value == "false") return false;
    }
    Error(n, what + " must be true or false, not " +
                 std::string(n ? n->TypeName() : "missing"));
    return std::nullopt;
  }

  std::optional<int64_t> Int(const Node* n, const std::string& what,
                             int64_t min, int64_t max) {
    if (n && n->IsScalar() && n->style == yaml::ScalarStyle::kPlain &&
        !n->value.empty()) {
      char* end = nullptr;
      long long v = std::strtoll(n->value.c_str(), &end, 10);
      if (end && *end == '\0' && v >= min && v <= max) return v;
    }
    Error(n, what + " must be an integer between " + std::to_string(min) +
                 " and " + std::to_string(max));
    return std::nullopt;
  }

  std::vector<std::string> StringList(const Node* n, const std::string& what) {
    std::vector<std::string> out;
    if (!n || n->IsNullish()) return out;
    if (!n->IsSequence()) {
      Error(n, what + " must be a list of strings, not " +
                   std::string(n->TypeName()));
      return out;
    }
    for (const Node* i : n->items) {
      if (auto s = String(i, "each entry of " + what)) out.push_back(*s);
    }
    return out;
  }

  std::optional<Severity> Sev(const Node* n, const std::string& what) {
    if (auto s = String(n, what)) {
      if (auto v = ParseSeverity(*s)) return v;
      Error(n, what + " must be one of info, low, medium, high, not \"" + *s +
                   "\"");
    }
    return std::nullopt;
  }

  const std::string& path_;
  Diagnostics* d_;
};

void LoadWorkflows(Checker& c, const Node* n, WorkflowsPolicy* out,
                   const LoadOptions& opts) {
  if (!c.IsMap(n, "workflows")) return;
  c.Keys(n, {"rules", "ignore", "allowed-actions", "persona"}, "workflows");
  if (const Node* p = n->Get("persona")) {
    if (auto s = c.String(p, "workflows.persona")) {
      if (*s != "regular" && *s != "pedantic" && *s != "auditor")
        c.Error(p, "workflows.persona must be regular, pedantic or auditor");
      else
        out->persona = *s;
    }
  }
  if (const Node* rules = n->Get("rules");
      rules && c.IsMap(rules, "workflows.rules")) {
    for (const auto& [k, v] : rules->entries) {
      const std::string what = "workflows.rules." + k->value;
      if (opts.known_rules && !opts.known_rules->count(k->value)) {
        c.Error(k, "unknown rule \"" + k->value + "\" (see `stepguard rules`)");
        continue;
      }
      RuleConfig rc;
      if (c.IsMap(v, what)) {
        c.Keys(v, {"disable", "severity", "config"}, what);
        if (const Node* d = v->Get("disable"))
          rc.disable = c.Bool(d, what + ".disable").value_or(false);
        if (const Node* s = v->Get("severity"))
          rc.severity = c.Sev(s, what + ".severity");
        if (const Node* cfg = v->Get("config")) {
          if (c.IsMap(cfg, what + ".config")) rc.config = cfg;
        }
      }
      out->rules[k->value] = rc;
    }
  }
  if (const Node* ig = n->Get("ignore"); ig && !ig->IsNullish()) {
    if (!ig->IsSequence()) {
      c.Error(ig, "workflows.ignore must be a list");
    } else {
      for (const Node* e : ig->items) {
        if (!c.IsMap(e, "each workflows.ignore entry")) continue;
        c.Keys(e, {"rule", "path", "reason"}, "workflows.ignore entry");
        IgnoreEntry entry;
        entry.pos = e->span.begin;
        if (const Node* r = e->Get("rule"))
          entry.rule = c.String(r, "ignore.rule").value_or("");
        else
          c.Error(e, "workflows.ignore entry needs a \"rule\"");
        if (const Node* p = e->Get("path"))
          entry.path = c.String(p, "ignore.path").value_or("");
        if (const Node* r = e->Get("reason"))
          entry.reason = c.String(r, "ignore.reason").value_or("");
        else
          c.Error(e, "workflows.ignore entry needs a \"reason\"");
        if (opts.known_rules && !entry.rule.empty() && entry.rule != "*" &&
            !opts.known_rules->count(entry.rule)) {
          c.Error(e->Get("rule"), "unknown rule \"" + entry.rule +
                                      "\" (see `stepguard rules`)");
        }
        out->ignore.push_back(std::move(entry));
      }
    }
  }
  if (const Node* a = n->Get("allowed-actions")) {
    out->allowed_actions = c.StringList(a, "workflows.allowed-actions");
  }
}

void LoadToken(Checker& c, const Node* n, TokenPolicy* out) {
  if (!c.IsMap(n, "token")) return;
  c.Keys(n, {"max-permissions", "forbidden-scopes", "max-lifetime-days"},
         "token");
  if (const Node* mp = n->Get("max-permissions");
      mp && c.IsMap(mp, "token.max-permissions")) {
    for (const auto& [ev, perms] : mp->entries) {
      auto& dst = out->max_permissions[ev->value];
      if (perms->IsScalar() &&
          (perms->value == "read-all" || perms->value == "write-all")) {
        dst["*"] = perms->value == "read-all" ? "read" : "write";
        continue;
      }
      if (!c.IsMap(perms, "token.max-permissions." + ev->value)) continue;
      for (const auto& [scope, level] : perms->entries) {
        auto s = c.String(
            level, "token.max-permissions." + ev->value + "." + scope->value);
        if (!s) continue;
        if (*s != "read" && *s != "write" && *s != "none") {
          c.Error(level, "permission level must be read, write or none");
          continue;
        }
        dst[scope->value] = *s;
      }
    }
  }
  if (const Node* f = n->Get("forbidden-scopes")) {
    out->forbidden_scopes = c.StringList(f, "token.forbidden-scopes");
  }
  if (const Node* d = n->Get("max-lifetime-days")) {
    out->max_lifetime_days = static_cast<int>(
        c.Int(d, "token.max-lifetime-days", 1, 3650).value_or(90));
  }
}

// A list of names that must each be in `known` (when given); errors point at
// the offending entry.
std::vector<std::string> NameList(Checker& c, const Node* n,
                                  const std::string& what,
                                  const std::set<std::string>* known,
                                  const char* see) {
  std::vector<std::string> out = c.StringList(n, what);
  if (known && n && n->IsSequence()) {
    for (const Node* item : n->items) {
      if (item->IsScalar() && !known->count(item->value))
        c.Error(item, "unknown name \"" + item->value + "\" in " + what +
                          " (see " + see + ")");
    }
  }
  return out;
}

void LoadRunner(Checker& c, const Node* n, RunnerPolicy* out,
                const LoadOptions& opts) {
  if (!c.IsMap(n, "runner")) return;
  c.Keys(n,
         {"require", "forbid", "severity", "violation-severity", "disable",
          "secret-env-patterns", "ignore-env", "allowed-processes"},
         "runner");
  const char* see = "docs/runner.md";
  if (const Node* r = n->Get("require"))
    out->require =
        NameList(c, r, "runner.require", opts.known_runner_conditions, see);
  if (const Node* f = n->Get("forbid"))
    out->forbid =
        NameList(c, f, "runner.forbid", opts.known_runner_conditions, see);
  if (const Node* s = n->Get("severity"); s && c.IsMap(s, "runner.severity")) {
    for (const auto& [k, v] : s->entries) {
      if (opts.known_runner_rules &&
          !opts.known_runner_rules->count(k->value)) {
        c.Error(k,
                "unknown runner rule \"" + k->value + "\" (see " + see + ")");
        continue;
      }
      if (auto sev = c.Sev(v, "runner.severity." + k->value))
        out->severities[k->value] = *sev;
    }
  }
  if (const Node* v = n->Get("violation-severity"))
    out->violation_severity = c.Sev(v, "runner.violation-severity");
  if (const Node* v = n->Get("disable"))
    out->disable =
        NameList(c, v, "runner.disable", opts.known_runner_rules, see);
  if (const Node* v = n->Get("secret-env-patterns"))
    out->secret_env_patterns = c.StringList(v, "runner.secret-env-patterns");
  if (const Node* v = n->Get("ignore-env"))
    out->ignore_env = c.StringList(v, "runner.ignore-env");
  if (const Node* v = n->Get("allowed-processes"))
    out->allowed_processes = c.StringList(v, "runner.allowed-processes");
}

void LoadRepository(Checker& c, const Node* n, RepositoryPolicy* out) {
  if (!c.IsMap(n, "repository")) return;
  c.Keys(n,
         {"default-workflow-permissions", "can-approve-pull-request-reviews",
          "sha-pinning-required", "branch-protection"},
         "repository");
  if (const Node* v = n->Get("default-workflow-permissions")) {
    if (auto s = c.String(v, "repository.default-workflow-permissions")) {
      if (*s != "read" && *s != "write")
        c.Error(v, "must be read or write");
      else
        out->default_workflow_permissions = *s;
    }
  }
  if (const Node* v = n->Get("can-approve-pull-request-reviews"))
    out->can_approve_pull_request_reviews =
        c.Bool(v, "repository.can-approve-pull-request-reviews");
  if (const Node* v = n->Get("sha-pinning-required"))
    out->sha_pinning_required = c.Bool(v, "repository.sha-pinning-required");
  if (const Node* bp = n->Get("branch-protection");
      bp && c.IsMap(bp, "repository.branch-protection")) {
    c.Keys(
        bp,
        {"required-approvals", "dismiss-stale-reviews", "allow-force-pushes"},
        "repository.branch-protection");
    if (const Node* v = bp->Get("required-approvals"))
      if (auto i = c.Int(v, "branch-protection.required-approvals", 0, 10))
        out->branch_protection.required_approvals = static_cast<int>(*i);
    if (const Node* v = bp->Get("dismiss-stale-reviews"))
      out->branch_protection.dismiss_stale_reviews =
          c.Bool(v, "branch-protection.dismiss-stale-reviews");
    if (const Node* v = bp->Get("allow-force-pushes"))
      out->branch_protection.allow_force_pushes =
          c.Bool(v, "branch-protection.allow-force-pushes");
  }
}

void LoadSandbox(Checker& c, const Node* n, SandboxPolicy* out) {
  if (!c.IsMap(n, "sandbox")) return;
  c.Keys(n, {"network", "secrets", "filesystem", "env", "limits", "require"},
         "sandbox");
  if (const Node* net = n->Get("network");
      net && c.IsMap(net, "sandbox.network")) {
    c.Keys(net, {"allow"}, "sandbox.network");
    if (const Node* a = net->Get("allow"))
      out->network_allow = c.StringList(a, "sandbox.network.allow");
  }
  if (const Node* sec = n->Get("secrets");
      sec && c.IsMap(sec, "sandbox.secrets")) {
    for (const auto& [k, v] : sec->entries) {
      const std::string what = "sandbox.secrets." + k->value;
      if (!c.IsMap(v, what)) continue;
      c.Keys(v, {"inject-into", "as", "header"}, what);
      SecretInjection inj;
      if (const Node* o = v->Get("inject-into"))
        inj.origin = c.String(o, what + ".inject-into").value_or("");
      else
        c.Error(v, what + " needs \"inject-into\"");
      if (!inj.origin.empty() && !StartsWith(inj.origin, "https://"))
        c.Error(v->Get("inject-into"),
                what + ".inject-into must be an https:// origin");
      if (const Node* a = v->Get("as")) {
        inj.as = c.String(a, what + ".as").value_or("bearer");
        if (inj.as != "bearer" && inj.as != "header")
          c.Error(a, what + ".as must be bearer or header");
      }
      if (const Node* h = v->Get("header"))
        inj.header = c.String(h, what + ".header").value_or("");
      if (inj.as == "header" && inj.header.empty())
        c.Error(v, what + " with as: header needs \"header\"");
      out->secrets[k->value] = inj;
    }
  }
  if (const Node* fs = n->Get("filesystem");
      fs && c.IsMap(fs, "sandbox.filesystem")) {
    c.Keys(fs, {"writable", "hidden", "protected"}, "sandbox.filesystem");
    if (const Node* v = fs->Get("writable"))
      out->writable = c.StringList(v, "sandbox.filesystem.writable");
    if (const Node* v = fs->Get("hidden"))
      out->hidden = c.StringList(v, "sandbox.filesystem.hidden");
    if (const Node* v = fs->Get("protected"))
      out->protected_paths = c.StringList(v, "sandbox.filesystem.protected");
  }
  if (const Node* env = n->Get("env"); env && c.IsMap(env, "sandbox.env")) {
    c.Keys(env, {"pass"}, "sandbox.env");
    if (const Node* v = env->Get("pass"))
      out->env_pass = c.StringList(v, "sandbox.env.pass");
  }
  if (const Node* r = n->Get("require"))
    out->require = c.StringList(r, "sandbox.require");
  if (const Node* lim = n->Get("limits");
      lim && c.IsMap(lim, "sandbox.limits")) {
    c.Keys(lim, {"timeout", "memory", "pids", "output"}, "sandbox.limits");
    if (const Node* v = lim->Get("timeout")) {
      auto d = ParseDuration(ScalarOr(v));
      if (!d || *d <= 0)
        c.Error(
            v,
            "sandbox.limits.timeout must be a duration such as 30m, 90s or 2h");
      else
        out->timeout_seconds = d;
    }
    if (const Node* v = lim->Get("memory")) {
      auto s = ParseSize(ScalarOr(v));
      if (!s || *s <= 0)
        c.Error(v,
                "sandbox.limits.memory must be a size such as 4GiB or 512MiB");
      else
        out->memory_bytes = s;
    }
    if (const Node* v = lim->Get("output")) {
      auto s = ParseSize(ScalarOr(v));
      if (!s || *s <= 0)
        c.Error(v, "sandbox.limits.output must be a size such as 64MiB");
      else
        out->output_bytes = s;
    }
    if (const Node* v = lim->Get("pids"))
      out->pids = c.Int(v, "sandbox.limits.pids", 1, 1 << 22);
  }
}

void LoadReport(Checker& c, const Node* n, ReportPolicy* out) {
  if (!c.IsMap(n, "report")) return;
  c.Keys(n, {"summary", "pr-comment", "check-run", "sarif"}, "report");
  if (const Node* v = n->Get("summary"))
    out->summary = c.Bool(v, "report.summary").value_or(true);
  if (const Node* v = n->Get("pr-comment")) {
    auto s = c.String(v, "report.pr-comment");
    if (s && *s != "always" && *s != "on-findings" && *s != "never")
      c.Error(v, "report.pr-comment must be always, on-findings or never");
    else if (s)
      out->pr_comment = *s;
  }
  if (const Node* v = n->Get("check-run"))
    out->check_run = c.Bool(v, "report.check-run").value_or(false);
  if (const Node* v = n->Get("sarif"))
    out->sarif = c.String(v, "report.sarif").value_or("");
}

}  // namespace

Result<Policy> ParsePolicy(const std::string& path, std::string text,
                           Diagnostics* diags, const LoadOptions& options) {
  auto doc = yaml::Document::Parse(path, std::move(text), diags);
  if (!doc.ok()) return doc.status();
  // Sections and keys the file leaves out keep the embedded default's values,
  // so a short policy never silently drops a default protection.
  Policy p = options.overlay_on_default ? DefaultPolicy() : Policy{};
  p.source = path;
  p.default_doc = p.doc;
  p.doc =
      std::shared_ptr<const yaml::Document>(std::move(doc).value().release());
  const size_t errors_before = diags->error_count();
  Checker c(path, diags);
  const Node* root = p.doc->root();
  if (!root || root->IsNullish()) {
    // An empty file is more likely a mistake than a wish for defaults.
    c.Error(root, "policy file is empty; start from `stepguard policy init`");
  } else if (c.IsMap(root, "the policy")) {
    c.Keys(root,
           {"version", "fail-on", "workflows", "token", "runner", "repository",
            "sandbox", "report"},
           "the policy");
    if (const Node* v = root->Get("version")) {
      if (c.Int(v, "version", 1, 1)) p.version = 1;
    } else {
      c.Error(root, "policy needs \"version: 1\"");
    }
    if (const Node* f = root->Get("fail-on")) {
      if (auto s = c.String(f, "fail-on")) {
        if (*s == "none")
          p.fail_on = std::nullopt;
        else if (auto sev = ParseSeverity(*s); sev && *sev != Severity::kInfo)
          p.fail_on = sev;
        else
          c.Error(f, "fail-on must be none, low, medium or high, not \"" + *s +
                         "\"");
      }
    }
    if (const Node* n = root->Get("workflows"))
      LoadWorkflows(c, n, &p.workflows, options);
    if (const Node* n = root->Get("token")) LoadToken(c, n, &p.token);
    if (const Node* n = root->Get("runner"))
      LoadRunner(c, n, &p.runner, options);
    if (const Node* n = root->Get("repository"))
      LoadRepository(c, n, &p.repository);
    if (const Node* n = root->Get("sandbox")) LoadSandbox(c, n, &p.sandbox);
    if (const Node* n = root->Get("report")) LoadReport(c, n, &p.report);
  }
  const size_t errors = diags->error_count() - errors_before;
  if (errors > 0) {
    return Status::InvalidInput(path + ": policy has " +
                                std::to_string(errors) + " error(s)");
  }
  return p;
}

Result<Policy> LoadPolicyFile(const std::string& path, Diagnostics* diags,
                              const LoadOptions& options) {
  auto text = ReadFile(path, 1u << 20);
  if (!text.ok()) {
    diags->Error(path, {}, text.status().message());
    return text.status();
  }
  return ParsePolicy(path, std::move(text).value(), diags, options);
}

}  // namespace sg::policy
