// The workflow schema below the top three levels, as GitHub's "Workflow
// syntax for GitHub Actions" and "Events that trigger workflows" define it:
// event names and their filters, workflow_dispatch / workflow_call inputs,
// outputs and secrets, permissions scopes and levels, concurrency, defaults,
// strategy, container and services, environment, runs-on groups, and the
// scalar types of numeric and boolean keys. Values written as `${{ }}`
// expressions are not type-checked (they are known only at run time).
#ifndef STEPGUARD_AUDIT_SYNTAX_SCHEMA_H_
#define STEPGUARD_AUDIT_SYNTAX_SCHEMA_H_

#include <functional>
#include <string>

#include "model/yaml.h"

namespace sg::audit {

// Called once per schema error: the node to point at, its route
// ("on.push.branch"), a message, and a stable snippet for the fingerprint.
using SchemaError =
    std::function<void(const yaml::Node* at, const std::string& route,
                       const std::string& message, const std::string& snippet)>;

// Checks `root` (a workflow's top-level map) below the top level; unknown
// top-level, job and step keys are the caller's.
void CheckWorkflowSchema(const yaml::Node* root, const SchemaError& error);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_SYNTAX_SCHEMA_H_
