#include "model/workflow.h"

#include "base/strings.h"

namespace sg::model {

const Trigger* Triggers::Find(std::string_view event) const {
  for (const auto& t : events) {
    if (t.event == event) return &t;
  }
  return nullptr;
}

const KeyValue* Step::With(std::string_view key) const {
  for (const auto& kv : with) {
    if (kv.key.value == key) return &kv;
  }
  return nullptr;
}

const KeyValue* Step::Env(std::string_view key) const {
  for (const auto& kv : env) {
    if (kv.key.value == key) return &kv;
  }
  return nullptr;
}

const Job* Workflow::FindJob(std::string_view id) const {
  for (const auto& j : jobs) {
    if (j.id == id) return &j;
  }
  return nullptr;
}

std::string ScalarText(const Node* n) {
  return n && n->IsScalar() ? n->value : std::string();
}

namespace {

class Reader {
 public:
  Reader(const yaml::Document& doc, Diagnostics* diags)
      : doc_(doc), diags_(diags) {}

  void TypeError(const Node* n, std::string_view what,
                 std::string_view expected) {
    diags_->Warning(doc_.path(), n ? n->span.begin : SourcePos{},
                    std::string(what) + " must be " + std::string(expected) +
                        ", not " + std::string(n ? n->TypeName() : "missing"));
  }

  // A scalar field; wrong types are reported.
  Str GetStr(const Node* map, std::string_view key,
             std::string_view what = {}) {
    Str s;
    const Node* v = map ? map->Get(key) : nullptr;
    if (!v) return s;
    if (v->IsNull()) {
      s.node = v;
      return s;
    }
    if (!v->IsScalar()) {
      TypeError(v, what.empty() ? key : what, "a string");
      return s;
    }
    s.value = v->value;
    s.node = v;
    return s;
  }

  std::vector<KeyValue> GetPairs(const Node* map, std::string_view key,
                                 const Node** out_node) {
    std::vector<KeyValue> out;
    const Node* v = map ? map->Get(key) : nullptr;
    if (out_node) *out_node = v;
    if (!v || v->IsNullish()) return out;
    if (!v->IsMap()) {
      // `env: ${{ fromJSON(...) }}` is legal: an expression producing a map.
      if (!(v->IsScalar() && v->value.find("${{") != std::string::npos)) {
        TypeError(v, key, "a mapping");
      }
      return out;
    }
    for (const auto& [k, val] : v->entries) {
      KeyValue kv;
      kv.key = {ScalarText(k), k};
      kv.value_node = val;
      if (val->IsScalar())
        kv.value = {val->value, val};
      else
        kv.value.node = val;
      out.push_back(std::move(kv));
    }
    return out;
  }

  PermissionSet GetPermissions(const Node* map) {
    PermissionSet p;
    const Node* v = map ? map->Get("permissions") : nullptr;
    if (!v) return p;
    p.node = v;
    p.key_node = map->GetKey("permissions");
    if (v->IsMap()) {
      p.kind = v->entries.empty() ? PermissionSet::Kind::kNone
                                  : PermissionSet::Kind::kExplicit;
      for (const auto& [k, val] : v->entries) {
        std::string level = ScalarText(val);
        if (level != "read" && level != "write" && level != "none") {
          TypeError(val, "permission level of \"" + ScalarText(k) + "\"",
                    "one of read, write, none");
          continue;
        }
        p.scopes[ScalarText(k)] = level;
        p.scope_nodes[ScalarText(k)] = val;
      }
      return p;
    }
    std::string s = ScalarText(v);
    if (s == "read-all")
      p.kind = PermissionSet::Kind::kReadAll;
    else if (s == "write-all")
      p.kind = PermissionSet::Kind::kWriteAll;
    else if (v->IsNullish())
      p.kind = PermissionSet::Kind::kNone;
    else {
      p.kind = PermissionSet::Kind::kInvalid;
      TypeError(v, "permissions", "read-all, write-all or a mapping of scopes");
    }
    return p;
  }

  Triggers GetTriggers(const Node* root) {
    Triggers t;
    const Node* v = root->Get("on");
    t.key_node = root->GetKey("on");
    // YAML 1.1 parsers read a bare `on` as boolean true; yaml-cpp keeps it a
    // string, but accept "true" too for files written by such tools.
    if (!v) {
      v = root->Get("true");
      t.key_node = root->GetKey("true");
    }
    t.node = v;
    if (!v) return t;
    auto add = [&](const Node* name, const Node* config) {
      Trigger tr;
      tr.event = ScalarText(name);
      tr.node = name;
      tr.config = config;
      if (config && config->IsMap()) {
        if (const Node* types = config->Get("types")) {
          if (types->IsSequence()) {
            for (const Node* i : types->items)
              tr.types.push_back(ScalarText(i));
          } else if (types->IsScalar()) {
            tr.types.push_back(types->value);
          }
        }
      }
      t.events.push_back(std::move(tr));
    };
    if (v->IsScalar()) {
      add(v, nullptr);
    } else if (v->IsSequence()) {
      for (const Node* i : v->items) {
        if (!i->IsScalar())
          TypeError(i, "event name", "a string");
        else
          add(i, nullptr);
      }
    } else if (v->IsMap()) {
      for (const auto& [k, c] : v->entries) add(k, c);
    } else {
      TypeError(v, "on", "an event name, a list of events or a mapping");
    }
    for (auto [event, out] :
         {std::pair{"workflow_call", &t.call_inputs},
          std::pair{"workflow_dispatch", &t.dispatch_inputs}}) {
      const Trigger* tr = t.Find(event);
      const Node* inputs =
          tr && tr->config ? tr->config->Get("inputs") : nullptr;
      if (!inputs || !inputs->IsMap()) continue;
      for (const auto& [k, c] : inputs->entries) {
        WorkflowCallInput in;
        in.name = ScalarText(k);
        in.node = k;
        if (c && c->IsMap()) {
          in.type = ScalarText(c->Get("type"));
          in.required = ScalarText(c->Get("required")) == "true";
        }
        out->push_back(std::move(in));
      }
    }
    if (const Trigger* call = t.Find("workflow_call");
        call && call->config && call->config->IsMap()) {
      if (const Node* secrets = call->config->Get("secrets");
          secrets && secrets->IsMap()) {
        for (const auto& [k, c] : secrets->entries) {
          WorkflowCallInput in;
          in.name = ScalarText(k);
          in.node = k;
          in.required =
              c && c->IsMap() && ScalarText(c->Get("required")) == "true";
          t.call_secrets.push_back(std::move(in));
        }
      }
      const Node* outputs = call->config->Get("outputs");
      if (outputs && outputs->IsMap()) {
        for (const auto& [k, c] : outputs->entries) {
          KeyValue kv;
          kv.key = {ScalarText(k), k};
          kv.value_node = c && c->IsMap() ? c->Get("value") : c;
          if (kv.value_node && kv.value_node->IsScalar())
            kv.value = {kv.value_node->value, kv.value_node};
          t.call_outputs.push_back(std::move(kv));
        }
      }
    }
    return t;
  }

  RunsOn GetRunsOn(const Node* v) {
    RunsOn r;
    r.node = v;
    if (!v || v->IsNullish()) return r;
    auto label = [&](const Node* n) {
      if (!n->IsScalar()) {
        TypeError(n, "runs-on label", "a string");
        return;
      }
      if (n->value.find("${{") != std::string::npos) r.expression = true;
      r.labels.push_back({n->value, n});
    };
    if (v->IsScalar()) {
      label(v);
    } else if (v->IsSequence()) {
      for (const Node* n : v->items) label(n);
    } else if (v->IsMap()) {
      r.group = GetStr(v, "group", "runs-on.group");
      if (r.group.value.find("${{") != std::string::npos) r.expression = true;
      if (const Node* labels = v->Get("labels")) {
        if (labels->IsSequence())
          for (const Node* n : labels->items) label(n);
        else if (labels->IsScalar())
          label(labels);
        else
          TypeError(labels, "runs-on.labels", "a label or a list of labels");
      }
    } else {
      TypeError(v, "runs-on", "a label, a list of labels or {group, labels}");
    }
    return r;
  }

  std::vector<Step> GetSteps(const Node* parent) {
    std::vector<Step> steps;
    const Node* v = parent ? parent->Get("steps") : nullptr;
    if (!v || v->IsNullish()) return steps;
    if (!v->IsSequence()) {
      TypeError(v, "steps", "a sequence");
      return steps;
    }
    int index = 0;
    for (const Node* s : v->items) {
      if (!s->IsMap()) {
        TypeError(s, "a step", "a mapping");
        ++index;
        continue;
      }
      Step st;
      st.index = index++;
      st.node = s;
      st.id = GetStr(s, "id");
      st.name = GetStr(s, "name");
      st.uses = GetStr(s, "uses");
      st.run = GetStr(s, "run");
      st.shell = GetStr(s, "shell");
      st.if_cond = GetStr(s, "if");
      st.working_directory = GetStr(s, "working-directory");
      st.env = GetPairs(s, "env", &st.env_node);
      st.with = GetPairs(s, "with", &st.with_node);
      st.continue_on_error = s->Get("continue-on-error");
      st.timeout_minutes = s->Get("timeout-minutes");
      steps.push_back(std::move(st));
    }
    return steps;
  }

  std::optional<Container> GetContainer(const Node* v, std::string_view what) {
    if (!v || v->IsNullish()) return std::nullopt;
    Container c;
    c.node = v;
    if (v->IsScalar()) {
      c.image = {v->value, v};
      return c;
    }
    if (!v->IsMap()) {
      TypeError(v, what, "an image name or a mapping");
      return std::nullopt;
    }
    c.image = GetStr(v, "image");
    c.credentials = v->Get("credentials");
    c.env = GetPairs(v, "env", nullptr);
    c.options = GetStr(v, "options");
    return c;
  }

  Job GetJob(const Node* key, const Node* v) {
    Job j;
    j.id = ScalarText(key);
    j.key_node = key;
    j.node = v;
    if (!v->IsMap()) {
      TypeError(v, "job \"" + j.id + "\"", "a mapping");
      return j;
    }
    j.name = GetStr(v, "name");
    j.if_cond = GetStr(v, "if");
    j.uses = GetStr(v, "uses");
    if (const Node* env = v->Get("environment")) {
      j.environment =
          env->IsMap() ? GetStr(env, "name") : GetStr(v, "environment");
      if (!j.environment.node) j.environment.node = env;
    }
    if (const Node* needs = v->Get("needs")) {
      if (needs->IsScalar())
        j.needs.push_back({needs->value, needs});
      else if (needs->IsSequence())
        for (const Node* n : needs->items)
          j.needs.push_back({ScalarText(n), n});
      else
        TypeError(needs, "needs", "a job id or a list of job ids");
    }
    j.permissions = GetPermissions(v);
    j.runs_on = v->Get("runs-on");
    j.runs_on_parsed = GetRunsOn(j.runs_on);
    j.container = GetContainer(v->Get("container"), "container");
    if (const Node* services = v->Get("services");
        services && services->IsMap()) {
      for (const auto& [k, s] : services->entries) {
        if (auto c = GetContainer(s, "service"))
          j.services.emplace_back(Str{ScalarText(k), k}, *c);
      }
    }
    j.strategy = v->Get("strategy");
    j.matrix =
        j.strategy && j.strategy->IsMap() ? j.strategy->Get("matrix") : nullptr;
    j.outputs = GetPairs(v, "outputs", nullptr);
    j.env = GetPairs(v, "env", &j.env_node);
    j.defaults = v->Get("defaults");
    j.concurrency = v->Get("concurrency");
    j.with = GetPairs(v, "with", nullptr);
    if (const Node* secrets = v->Get("secrets")) {
      j.secrets_node = secrets;
      if (secrets->IsScalar() && secrets->value == "inherit")
        j.secrets_inherit = true;
      else
        j.secrets = GetPairs(v, "secrets", nullptr);
    }
    j.steps = GetSteps(v);
    return j;
  }

 private:
  const yaml::Document& doc_;
  Diagnostics* diags_;
};

}  // namespace

FileKind ClassifyFile(const std::string& path, const Node* root) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  if (base == "dependabot.yml" || base == "dependabot.yaml")
    return FileKind::kDependabot;
  if (base == "action.yml" || base == "action.yaml") return FileKind::kAction;
  if (path.find(".github/workflows/") != std::string::npos)
    return FileKind::kWorkflow;
  if (root && root->IsMap()) {
    if (root->Get("jobs") && (root->Get("on") || root->Get("true")))
      return FileKind::kWorkflow;
    if (root->Get("runs")) return FileKind::kAction;
    if (root->Get("updates") && root->Get("version"))
      return FileKind::kDependabot;
    if (root->Get("jobs")) return FileKind::kWorkflow;
  }
  return FileKind::kUnknown;
}

Workflow BuildWorkflow(const yaml::Document& doc, Diagnostics* diags) {
  Workflow w;
  w.path = doc.path();
  w.doc = &doc;
  const Node* root = doc.root();
  Reader r(doc, diags);
  if (!root || !root->IsMap()) {
    r.TypeError(root, "a workflow", "a mapping");
    return w;
  }
  w.name = r.GetStr(root, "name");
  w.run_name = r.GetStr(root, "run-name");
  w.on = r.GetTriggers(root);
  w.permissions = r.GetPermissions(root);
  w.env = r.GetPairs(root, "env", &w.env_node);
  w.defaults = root->Get("defaults");
  w.concurrency = root->Get("concurrency");
  if (const Node* jobs = root->Get("jobs")) {
    if (!jobs->IsMap()) {
      r.TypeError(jobs, "jobs", "a mapping");
    } else {
      for (const auto& [k, v] : jobs->entries) w.jobs.push_back(r.GetJob(k, v));
    }
  }
  return w;
}

Action BuildAction(const yaml::Document& doc, Diagnostics* diags) {
  Action a;
  a.path = doc.path();
  a.doc = &doc;
  const Node* root = doc.root();
  Reader r(doc, diags);
  if (!root || !root->IsMap()) {
    r.TypeError(root, "an action", "a mapping");
    return a;
  }
  a.name = r.GetStr(root, "name");
  a.description = r.GetStr(root, "description");
  if (const Node* inputs = root->Get("inputs"); inputs && inputs->IsMap()) {
    for (const auto& [k, v] : inputs->entries) {
      ActionInput in;
      in.name = ScalarText(k);
      in.node = k;
      if (v && v->IsMap()) {
        in.default_value = r.GetStr(v, "default");
        in.required = ScalarText(v->Get("required")) == "true";
      }
      a.inputs.push_back(std::move(in));
    }
  }
  a.outputs = r.GetPairs(root, "outputs", nullptr);
  a.runs = root->Get("runs");
  if (a.runs && a.runs->IsMap()) {
    a.using_ = r.GetStr(a.runs, "using");
    a.image = r.GetStr(a.runs, "image");
    a.steps = r.GetSteps(a.runs);
  } else if (a.runs) {
    r.TypeError(a.runs, "runs", "a mapping");
  }
  return a;
}

Dependabot BuildDependabot(const yaml::Document& doc, Diagnostics* diags) {
  Dependabot d;
  d.path = doc.path();
  d.doc = &doc;
  const Node* root = doc.root();
  Reader r(doc, diags);
  if (!root || !root->IsMap()) {
    r.TypeError(root, "dependabot.yml", "a mapping");
    return d;
  }
  d.registries = root->Get("registries");
  const Node* updates = root->Get("updates");
  if (updates && updates->IsSequence()) {
    for (const Node* u : updates->items) {
      if (!u->IsMap()) continue;
      DependabotUpdate up;
      up.node = u;
      up.ecosystem = r.GetStr(u, "package-ecosystem");
      up.directory = r.GetStr(u, "directory");
      up.cooldown = u->Get("cooldown");
      up.schedule = u->Get("schedule");
      up.insecure_external_code_execution =
          r.GetStr(u, "insecure-external-code-execution");
      if (const Node* regs = u->Get("registries"); regs && regs->IsSequence())
        for (const Node* x : regs->items)
          up.registries.push_back({ScalarText(x), x});
      d.updates.push_back(std::move(up));
    }
  } else if (updates) {
    r.TypeError(updates, "updates", "a sequence");
  }
  return d;
}

}  // namespace sg::model
