#include "audit/syntax_schema.h"

#include <cstdlib>
#include <string_view>
#include <vector>

#include "base/strings.h"

namespace sg::audit {
namespace {

using Keys = std::vector<std::string_view>;

bool In(const Keys& keys, std::string_view k) {
  for (std::string_view x : keys)
    if (x == k) return true;
  return false;
}

std::string Quote(const Keys& keys) {
  std::string out;
  for (std::string_view k : keys) {
    if (!out.empty()) out += ", ";
    out += "`" + std::string(k) + "`";
  }
  return out;
}

bool IsExpr(const yaml::Node* n) {
  return n && n->IsScalar() && n->value.find("${{") != std::string::npos;
}

// Events and the filters each accepts. Source: GitHub Docs, "Events that
// trigger workflows" and "Workflow syntax for GitHub Actions" (on.<event>).
struct Event {
  std::string_view name;
  Keys filters;
  Keys types;  // empty: any (repository_dispatch) or none accepted
};

const std::vector<Event>& Events() {
  // pull_request and pull_request_target share filters and activity types.
  static const Keys kPullRequestFilters = {
      "types", "branches", "branches-ignore", "paths", "paths-ignore"};
  static const Keys kPullRequestTypes = {"assigned",
                                         "unassigned",
                                         "labeled",
                                         "unlabeled",
                                         "opened",
                                         "edited",
                                         "closed",
                                         "reopened",
                                         "synchronize",
                                         "converted_to_draft",
                                         "ready_for_review",
                                         "locked",
                                         "unlocked",
                                         "review_requested",
                                         "review_request_removed",
                                         "auto_merge_enabled",
                                         "auto_merge_disabled",
                                         "milestoned",
                                         "demilestoned",
                                         "enqueued",
                                         "dequeued"};
  static const std::vector<Event> kEvents = {
      {"branch_protection_rule", {"types"}, {"created", "edited", "deleted"}},
      {"check_run",
       {"types"},
       {"created", "rerequested", "completed", "requested_action"}},
      {"check_suite", {"types"}, {"completed"}},
      {"create", {}, {}},
      {"delete", {}, {}},
      {"deployment", {}, {}},
      {"deployment_status", {}, {}},
      {"discussion",
       {"types"},
       {"created", "edited", "deleted", "transferred", "pinned", "unpinned",
        "labeled", "unlabeled", "locked", "unlocked", "category_changed",
        "answered", "unanswered"}},
      {"discussion_comment", {"types"}, {"created", "edited", "deleted"}},
      {"fork", {}, {}},
      {"gollum", {}, {}},
      {"image_version", {"names", "versions"}, {}},
      {"issue_comment", {"types"}, {"created", "edited", "deleted"}},
      {"issues",
       {"types"},
       {"opened", "edited", "deleted", "transferred", "pinned", "unpinned",
        "closed", "reopened", "assigned", "unassigned", "labeled", "unlabeled",
        "locked", "unlocked", "milestoned", "demilestoned", "typed",
        "untyped"}},
      {"label", {"types"}, {"created", "edited", "deleted"}},
      // GitHub's own starter workflows filter merge groups by base branch.
      {"merge_group",
       {"types", "branches", "branches-ignore"},
       {"checks_requested"}},
      {"milestone",
       {"types"},
       {"created", "closed", "opened", "edited", "deleted"}},
      {"page_build", {}, {}},
      {"project",
       {"types"},
       {"created", "closed", "reopened", "edited", "deleted"}},
      {"project_card",
       {"types"},
       {"created", "moved", "converted", "edited", "deleted"}},
      {"project_column", {"types"}, {"created", "updated", "moved", "deleted"}},
      {"public", {}, {}},
      {"pull_request", kPullRequestFilters, kPullRequestTypes},
      {"pull_request_review", {"types"}, {"submitted", "edited", "dismissed"}},
      {"pull_request_review_comment",
       {"types"},
       {"created", "edited", "deleted"}},
      {"pull_request_target", kPullRequestFilters, kPullRequestTypes},
      {"push",
       {"branches", "branches-ignore", "tags", "tags-ignore", "paths",
        "paths-ignore"},
       {}},
      {"registry_package", {"types"}, {"published", "updated"}},
      {"release",
       {"types"},
       {"published", "unpublished", "created", "edited", "deleted",
        "prereleased", "released"}},
      {"repository_dispatch", {"types"}, {}},
      {"schedule", {}, {}},
      {"status", {}, {}},
      {"watch", {"types"}, {"started"}},
      {"workflow_call", {"inputs", "outputs", "secrets"}, {}},
      {"workflow_dispatch", {"inputs"}, {}},
      {"workflow_run",
       {"types", "workflows", "branches", "branches-ignore"},
       {"completed", "requested", "in_progress"}},
  };
  return kEvents;
}

const Event* FindEvent(std::string_view name) {
  for (const Event& e : Events())
    if (e.name == name) return &e;
  return nullptr;
}

// Source: GitHub Docs, "Workflow syntax" (permissions) and "Controlling
// permissions for GITHUB_TOKEN".
const Keys& Scopes() {
  static const Keys kScopes = {"actions",         "artifact-metadata",
                               "attestations",    "checks",
                               "contents",        "deployments",
                               "discussions",     "id-token",
                               "issues",          "models",
                               "packages",        "pages",
                               "pull-requests",   "repository-projects",
                               "security-events", "statuses"};
  return kScopes;
}

class Checker {
 public:
  explicit Checker(const SchemaError& error) : error_(error) {}

  void Workflow(const yaml::Node* root) {
    On(root->Get("on"));
    Permissions(root->Get("permissions"), "permissions");
    Concurrency(root->Get("concurrency"), "concurrency");
    Defaults(root->Get("defaults"), "defaults");
    StringMap(root->Get("env"), "env");
    const yaml::Node* jobs = root->Get("jobs");
    if (!jobs) return;
    if (!jobs->IsMap()) {
      Type(jobs, "jobs", "a mapping of job ids to jobs");
      return;
    }
    for (const auto& [k, job] : jobs->entries) {
      if (!k || !k->IsScalar() || !job || !job->IsMap()) continue;
      Job(job, "jobs." + k->value);
    }
  }

 private:
  void Error(const yaml::Node* at, const std::string& route,
             const std::string& message) {
    error_(at, route, message, "schema:" + route);
  }

  // Reports the keys of `map` that are not in `allowed` (nothing when `map`
  // is not a mapping).
  void KeysOf(const yaml::Node* map, const std::string& route, Keys allowed,
              const std::string& where) {
    if (!map || !map->IsMap()) return;
    for (const auto& [k, v] : map->entries) {
      if (!k || !k->IsScalar() || In(allowed, k->value)) continue;
      Error(k, route + "." + k->value,
            "unknown key `" + k->value + "` in " + where + "; expected " +
                Quote(allowed));
    }
  }

  void Type(const yaml::Node* n, const std::string& route,
            const std::string& expected) {
    Error(n, route,
          "`" + route + "` must be " + expected + ", not a " +
              std::string(n->TypeName()));
  }

  void Boolean(const yaml::Node* n, const std::string& route) {
    if (!n || IsExpr(n)) return;
    // GitHub also converts the strings "true" and "false".
    if (n->IsScalar() && (n->value == "true" || n->value == "false")) return;
    Error(n, route,
          "`" + route + "` must be `true`, `false` or an expression, not `" +
              (n->IsScalar() ? n->value : std::string(n->TypeName())) + "`");
  }

  void Number(const yaml::Node* n, const std::string& route) {
    if (!n || IsExpr(n)) return;
    if (n->IsScalar() && !n->value.empty()) {
      char* end = nullptr;
      std::strtod(n->value.c_str(), &end);
      if (end && *end == '\0') return;
    }
    Error(n, route,
          "`" + route + "` must be a number or an expression, not `" +
              (n->IsScalar() ? n->value : std::string(n->TypeName())) + "`");
  }

  void StringMap(const yaml::Node* n, const std::string& route) {
    if (!n || IsExpr(n) || n->IsNullish()) return;
    if (!n->IsMap()) {
      Type(n, route, "a mapping");
      return;
    }
    for (const auto& [k, v] : n->entries) {
      if (!k || !v || !k->IsScalar()) continue;
      if (v->IsMap() || v->IsSequence())
        Type(v, route + "." + k->value, "a string, number or boolean");
    }
  }

  void On(const yaml::Node* on) {
    if (!on) return;
    if (on->IsScalar()) {
      EventName(on, "on");
    } else if (on->IsSequence()) {
      for (const yaml::Node* e : on->items)
        if (e && e->IsScalar()) EventName(e, "on");
    } else if (on->IsMap()) {
      for (const auto& [k, v] : on->entries) {
        if (!k || !k->IsScalar()) continue;
        const Event* ev = EventName(k, "on");
        if (ev && v) EventBody(*ev, v, "on." + k->value);
      }
    }
  }

  const Event* EventName(const yaml::Node* n, const std::string& route) {
    const Event* ev = FindEvent(n->value);
    if (!ev)
      Error(n, route + "." + n->value,
            "unknown event `" + n->value +
                "`; see \"Events that trigger workflows\"");
    return ev;
  }

  void EventBody(const Event& ev, const yaml::Node* v,
                 const std::string& route) {
    if (v->IsNullish()) return;
    if (ev.name == "schedule") {
      if (!v->IsSequence()) {
        Type(v, route, "a sequence of `- cron: ...` entries");
        return;
      }
      for (size_t i = 0; i < v->items.size(); ++i) {
        const yaml::Node* item = v->items[i];
        const std::string r = route + "[" + std::to_string(i) + "]";
        if (!item || !item->IsMap()) {
          if (item) Type(item, r, "a mapping with `cron`");
          continue;
        }
        KeysOf(item, r, {"cron", "timezone"}, "a schedule entry");
        if (!item->Get("cron"))
          Error(item, r, "a schedule entry needs `cron:`");
      }
      return;
    }
    if (!v->IsMap()) {
      Type(v, route, "a mapping of filters (or empty)");
      return;
    }
    if (ev.filters.size() == 0) {
      for (const auto& [k, x] : v->entries)
        if (k && k->IsScalar())
          Error(k, route + "." + k->value,
                "event `" + std::string(ev.name) + "` takes no filters");
      return;
    }
    KeysOf(v, route, ev.filters, "`" + route + "`");
    for (const auto& [a, b] : {std::pair<std::string_view, std::string_view>{
                                   "branches", "branches-ignore"},
                               {"tags", "tags-ignore"},
                               {"paths", "paths-ignore"}}) {
      if (v->Get(a) && v->Get(b))
        Error(v->GetKey(b), route + "." + std::string(b),
              "`" + std::string(a) + "` and `" + std::string(b) +
                  "` cannot both filter one event");
    }
    if (const yaml::Node* types = v->Get("types"); types && ev.types.size()) {
      auto check = [&](const yaml::Node* t) {
        if (!t || !t->IsScalar() || IsExpr(t) || In(ev.types, t->value)) return;
        Error(t, route + ".types",
              "`" + t->value + "` is not an activity type of `" +
                  std::string(ev.name) + "`; expected " + Quote(ev.types));
      };
      if (types->IsSequence())
        for (const yaml::Node* t : types->items) check(t);
      else
        check(types);
    }
    if (ev.name == "workflow_dispatch") DispatchInputs(v->Get("inputs"), route);
    if (ev.name == "workflow_call") CallInterface(v, route);
  }

  void DispatchInputs(const yaml::Node* inputs, const std::string& on_route) {
    if (!inputs || inputs->IsNullish()) return;
    const std::string route = on_route + ".inputs";
    if (!inputs->IsMap()) return Type(inputs, route, "a mapping of inputs");
    for (const auto& [k, in] : inputs->entries) {
      if (!k || !k->IsScalar() || !in || !in->IsMap()) continue;
      const std::string r = route + "." + k->value;
      KeysOf(in, r,
             {"description", "required", "default", "type", "options",
              "deprecationMessage"},
             "a workflow_dispatch input");
      Boolean(in->Get("required"), r + ".required");
      const yaml::Node* type = in->Get("type");
      if (type && type->IsScalar() &&
          !In({"string", "boolean", "choice", "number", "environment"},
              type->value))
        Error(type, r + ".type",
              "input type `" + type->value +
                  "` is not one of `string`, `boolean`, `choice`, `number`, "
                  "`environment`");
      const bool choice = type && type->IsScalar() && type->value == "choice";
      if (choice && !in->Get("options"))
        Error(type, r + ".type", "a `choice` input needs `options:`");
      if (!choice && in->Get("options"))
        Error(in->GetKey("options"), r + ".options",
              "`options:` applies only to `type: choice` inputs");
    }
  }

  void CallInterface(const yaml::Node* v, const std::string& on_route) {
    if (const yaml::Node* inputs = v->Get("inputs");
        inputs && inputs->IsMap()) {
      for (const auto& [k, in] : inputs->entries) {
        if (!k || !k->IsScalar() || !in || !in->IsMap()) continue;
        const std::string r = on_route + ".inputs." + k->value;
        KeysOf(in, r, {"description", "required", "default", "type"},
               "a workflow_call input");
        Boolean(in->Get("required"), r + ".required");
        const yaml::Node* type = in->Get("type");
        if (!type)
          Error(k, r, "workflow_call input `" + k->value + "` needs `type:`");
        else if (type->IsScalar() &&
                 !In({"string", "boolean", "number"}, type->value))
          Error(type, r + ".type",
                "input type `" + type->value +
                    "` is not one of `string`, `boolean`, `number`");
      }
    }
    if (const yaml::Node* outputs = v->Get("outputs");
        outputs && outputs->IsMap()) {
      for (const auto& [k, out] : outputs->entries) {
        if (!k || !k->IsScalar() || !out || !out->IsMap()) continue;
        const std::string r = on_route + ".outputs." + k->value;
        KeysOf(out, r, {"description", "value"}, "a workflow_call output");
        if (!out->Get("value"))
          Error(k, r, "workflow_call output `" + k->value + "` needs `value:`");
      }
    }
    if (const yaml::Node* secrets = v->Get("secrets");
        secrets && secrets->IsMap()) {
      for (const auto& [k, s] : secrets->entries) {
        if (!k || !k->IsScalar() || !s || !s->IsMap()) continue;
        const std::string r = on_route + ".secrets." + k->value;
        KeysOf(s, r, {"description", "required"}, "a workflow_call secret");
        Boolean(s->Get("required"), r + ".required");
      }
    }
  }

  void Permissions(const yaml::Node* p, const std::string& route) {
    if (!p || IsExpr(p) || p->IsNullish()) return;
    if (p->IsScalar()) {
      if (p->value != "read-all" && p->value != "write-all")
        Error(p, route,
              "`" + route + ": " + p->value +
                  "` is not `read-all`, `write-all` or a mapping of scopes");
      return;
    }
    if (!p->IsMap())
      return Type(p, route, "`read-all`, `write-all` or a mapping");
    for (const auto& [k, v] : p->entries) {
      if (!k || !k->IsScalar()) continue;
      const std::string r = route + "." + k->value;
      if (!In(Scopes(), k->value)) {
        Error(k, r,
              "unknown permission scope `" + k->value + "`; expected " +
                  Quote(Scopes()));
        continue;
      }
      if (!v || !v->IsScalar() || IsExpr(v)) continue;
      // Other levels are the model's type check (reported as syntax too).
      if (k->value == "id-token" && v->value == "read")
        Error(v, r, "`id-token` takes `write` or `none`; `read` is invalid");
    }
  }

  void Concurrency(const yaml::Node* c, const std::string& route) {
    if (!c || c->IsScalar() || c->IsNullish()) return;
    if (!c->IsMap()) return Type(c, route, "a group name or a mapping");
    KeysOf(c, route, {"group", "cancel-in-progress"}, "`concurrency`");
    if (!c->Get("group")) Error(c, route, "`concurrency` needs `group:`");
    Boolean(c->Get("cancel-in-progress"), route + ".cancel-in-progress");
  }

  void Defaults(const yaml::Node* d, const std::string& route) {
    if (!d || d->IsNullish()) return;
    if (!d->IsMap()) return Type(d, route, "a mapping");
    KeysOf(d, route, {"run"}, "`defaults`");
    if (const yaml::Node* run = d->Get("run"); run && run->IsMap())
      KeysOf(run, route + ".run", {"shell", "working-directory"},
             "`defaults.run`");
  }

  void Container(const yaml::Node* c, const std::string& route,
                 const std::string& where) {
    if (!c || c->IsScalar() || c->IsNullish()) return;
    if (!c->IsMap()) return Type(c, route, "an image name or a mapping");
    KeysOf(c, route,
           {"image", "credentials", "env", "ports", "volumes", "options"},
           where);
    if (const yaml::Node* cred = c->Get("credentials"); cred && cred->IsMap())
      KeysOf(cred, route + ".credentials", {"username", "password"},
             "`credentials`");
    StringMap(c->Get("env"), route + ".env");
  }

  void Job(const yaml::Node* job, const std::string& route) {
    Permissions(job->Get("permissions"), route + ".permissions");
    Concurrency(job->Get("concurrency"), route + ".concurrency");
    if (job->Get("uses")) return;  // a reusable-workflow call: keys checked
    Defaults(job->Get("defaults"), route + ".defaults");
    StringMap(job->Get("env"), route + ".env");
    StringMap(job->Get("outputs"), route + ".outputs");
    Number(job->Get("timeout-minutes"), route + ".timeout-minutes");
    Boolean(job->Get("continue-on-error"), route + ".continue-on-error");
    if (const yaml::Node* ro = job->Get("runs-on"); ro && ro->IsMap())
      KeysOf(ro, route + ".runs-on", {"group", "labels"}, "`runs-on`");
    if (const yaml::Node* env = job->Get("environment"); env && env->IsMap())
      KeysOf(env, route + ".environment", {"name", "url", "deployment"},
             "`environment`");
    if (const yaml::Node* s = job->Get("strategy"); s && !IsExpr(s)) {
      if (!s->IsMap()) {
        Type(s, route + ".strategy", "a mapping");
      } else {
        KeysOf(s, route + ".strategy", {"matrix", "fail-fast", "max-parallel"},
               "`strategy`");
        Boolean(s->Get("fail-fast"), route + ".strategy.fail-fast");
        Number(s->Get("max-parallel"), route + ".strategy.max-parallel");
        if (const yaml::Node* m = s->Get("matrix"); m && !IsExpr(m)) {
          if (!m->IsMap()) {
            Type(m, route + ".strategy.matrix", "a mapping or an expression");
          } else {
            for (std::string_view k : {"include", "exclude"})
              if (const yaml::Node* x = m->Get(k);
                  x && !IsExpr(x) && !x->IsSequence())
                Type(x, route + ".strategy.matrix." + std::string(k),
                     "a sequence");
          }
        }
      }
    }
    Container(job->Get("container"), route + ".container", "`container`");
    if (const yaml::Node* svcs = job->Get("services"); svcs && svcs->IsMap()) {
      for (const auto& [k, svc] : svcs->entries)
        if (k && k->IsScalar())
          Container(svc, route + ".services." + k->value,
                    "service `" + k->value + "`");
    }
    if (const yaml::Node* steps = job->Get("steps");
        steps && steps->IsSequence()) {
      for (size_t i = 0; i < steps->items.size(); ++i) {
        const yaml::Node* st = steps->items[i];
        if (!st || !st->IsMap()) continue;
        const std::string r = route + ".steps[" + std::to_string(i) + "]";
        StringMap(st->Get("env"), r + ".env");
        StringMap(st->Get("with"), r + ".with");
        Number(st->Get("timeout-minutes"), r + ".timeout-minutes");
        Boolean(st->Get("continue-on-error"), r + ".continue-on-error");
      }
    }
  }

  const SchemaError& error_;
};

}  // namespace

void CheckWorkflowSchema(const yaml::Node* root, const SchemaError& error) {
  if (!root || !root->IsMap()) return;
  Checker(error).Workflow(root);
}

}  // namespace sg::audit
