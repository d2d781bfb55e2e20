// Typed model of GitHub Actions workflows, actions (action.yml) and
// dependabot.yml. Every field keeps the YAML node it came from, so audits can
// point at exact positions. Building never throws and never gives up on a
// whole file for one bad value: type errors become diagnostics and the field
// is left empty.
#ifndef STEPGUARD_MODEL_WORKFLOW_H_
#define STEPGUARD_MODEL_WORKFLOW_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/yaml.h"

namespace sg::model {

using yaml::Node;

// A string field with the node it was read from (nullptr when absent).
struct Str {
  std::string value;
  const Node* node = nullptr;
  bool present() const { return node != nullptr; }
};

// A key: value pair from a mapping (env, with, outputs, secrets, ...).
struct KeyValue {
  Str key;
  Str value;  // scalar values; empty for non-scalars
  const Node* value_node = nullptr;
};

struct PermissionSet {
  enum class Kind { kUnset, kReadAll, kWriteAll, kNone, kExplicit, kInvalid };
  Kind kind = Kind::kUnset;
  // Explicit scopes: scope name -> "read" | "write" | "none".
  std::map<std::string, std::string> scopes;
  std::map<std::string, const Node*> scope_nodes;  // value node per scope
  const Node* node = nullptr;                      // the permissions value
  const Node* key_node = nullptr;                  // the "permissions" key
  bool set() const { return kind != Kind::kUnset; }
};

struct Trigger {
  std::string event;             // "push", "pull_request_target", ...
  const Node* node = nullptr;    // where the event name is written
  const Node* config = nullptr;  // its configuration (map) if any
  std::vector<std::string> types;
};

struct WorkflowCallInput {
  std::string name;
  std::string type;
  bool required = false;
  const Node* node = nullptr;
};

struct Triggers {
  std::vector<Trigger> events;
  const Node* node = nullptr;  // the "on" value
  const Node* key_node = nullptr;
  std::vector<WorkflowCallInput> call_inputs;      // workflow_call inputs
  std::vector<WorkflowCallInput> dispatch_inputs;  // workflow_dispatch inputs
  std::vector<WorkflowCallInput>
      call_secrets;  // workflow_call secrets (type empty)
  std::vector<KeyValue>
      call_outputs;  // workflow_call outputs: name -> value node
  const Trigger* Find(std::string_view event) const;
  bool Has(std::string_view event) const { return Find(event) != nullptr; }
};

struct Step {
  int index = 0;
  const Node* node = nullptr;
  Str id, name, uses, run, shell, if_cond, working_directory;
  std::vector<KeyValue> env;
  std::vector<KeyValue> with;
  const Node* env_node = nullptr;
  const Node* with_node = nullptr;
  const Node* continue_on_error = nullptr;
  const Node* timeout_minutes = nullptr;
  const KeyValue* With(std::string_view key) const;
  const KeyValue* Env(std::string_view key) const;
};

struct Container {
  Str image;
  const Node* node = nullptr;
  const Node* credentials = nullptr;  // map with username/password
  std::vector<KeyValue> env;
  Str options;
};

// `runs-on` in any of its forms: a label, a list of labels, an expression,
// or {group, labels}.
struct RunsOn {
  std::vector<Str> labels;
  Str group;
  bool expression = false;  // some part is a ${{ }} expression
  const Node* node = nullptr;
};

struct Job {
  std::string id;
  const Node* key_node = nullptr;
  const Node* node = nullptr;
  Str name, if_cond, uses, environment;
  std::vector<Str> needs;
  PermissionSet permissions;
  const Node* runs_on = nullptr;
  RunsOn runs_on_parsed;
  std::optional<Container> container;
  std::vector<std::pair<Str, Container>> services;
  const Node* strategy = nullptr;
  const Node* matrix = nullptr;
  std::vector<KeyValue> outputs;
  std::vector<KeyValue> env;
  const Node* env_node = nullptr;
  const Node* defaults = nullptr;
  const Node* concurrency = nullptr;
  std::vector<KeyValue> with;     // reusable workflow call
  std::vector<KeyValue> secrets;  // reusable workflow call
  bool secrets_inherit = false;
  const Node* secrets_node = nullptr;
  std::vector<Step> steps;
  bool is_reusable_call() const { return uses.present(); }
};

struct Workflow {
  std::string path;
  const yaml::Document* doc = nullptr;
  Str name, run_name;
  Triggers on;
  PermissionSet permissions;
  std::vector<KeyValue> env;
  const Node* env_node = nullptr;
  const Node* defaults = nullptr;
  const Node* concurrency = nullptr;
  std::vector<Job> jobs;
  const Job* FindJob(std::string_view id) const;
};

struct ActionInput {
  std::string name;
  Str default_value;
  bool required = false;
  const Node* node = nullptr;
};

struct Action {
  std::string path;
  const yaml::Document* doc = nullptr;
  Str name, description;
  std::vector<ActionInput> inputs;
  std::vector<KeyValue> outputs;
  Str using_;  // runs.using: composite | node20 | docker | ...
  Str image;   // runs.image for docker actions
  const Node* runs = nullptr;
  std::vector<Step> steps;  // composite steps
  bool is_composite() const { return using_.value == "composite"; }
};

struct DependabotUpdate {
  const Node* node = nullptr;
  Str ecosystem, directory;
  const Node* cooldown = nullptr;
  const Node* schedule = nullptr;
  Str insecure_external_code_execution;
  std::vector<Str> registries;
};

struct Dependabot {
  std::string path;
  const yaml::Document* doc = nullptr;
  std::vector<DependabotUpdate> updates;
  const Node* registries = nullptr;
};

enum class FileKind { kWorkflow, kAction, kDependabot, kUnknown };

// Decides what a YAML file is from its path and, failing that, its content.
FileKind ClassifyFile(const std::string& path, const Node* root);

// Builders. `diags` receives type errors with positions; the result is as
// complete as the input allows.
Workflow BuildWorkflow(const yaml::Document& doc, Diagnostics* diags);
Action BuildAction(const yaml::Document& doc, Diagnostics* diags);
Dependabot BuildDependabot(const yaml::Document& doc, Diagnostics* diags);

// Scalar text of a node, or "" for non-scalars.
std::string ScalarText(const Node* n);

}  // namespace sg::model

#endif  // STEPGUARD_MODEL_WORKFLOW_H_
