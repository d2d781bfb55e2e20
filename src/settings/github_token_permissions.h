// The effective permissions of a job's GITHUB_TOKEN, computed the way
// GitHub does: job-level `permissions:` over workflow-level, else the
// repository (or organisation) default; pull requests from forks, and
// Dependabot-triggered runs, are capped at read.
// https://docs.github.com/actions/security-for-github-actions/security-guides/automatic-token-authentication
#ifndef STEPGUARD_SETTINGS_GITHUB_TOKEN_PERMISSIONS_H_
#define STEPGUARD_SETTINGS_GITHUB_TOKEN_PERMISSIONS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/span.h"
#include "model/workflow.h"

namespace sg::settings {

// A `permissions:` value, independent of YAML.
struct PermissionsSpec {
  enum class Kind { kUnset, kReadAll, kWriteAll, kNone, kExplicit };
  Kind kind = Kind::kUnset;
  std::map<std::string, std::string> scopes;  // explicit: scope -> level
  SourcePos pos;                              // where it is written
};

PermissionsSpec FromModel(const model::PermissionSet& p,
                          const yaml::Document* doc);

// Every GITHUB_TOKEN permission scope GitHub defines.
const std::vector<std::string>& GithubTokenScopes();

struct JobTokenContext {
  std::string workflow_path;  // repository-relative
  std::string job;            // GITHUB_JOB
  std::string event;          // GITHUB_EVENT_NAME
  bool fork_pull_request = false;
  bool dependabot = false;
  PermissionsSpec workflow;
  PermissionsSpec job_spec;
  SourcePos job_pos;  // where the job is defined
  // Repository/organisation default ("read" | "write"), when readable.
  std::optional<std::string> default_permissions;
  std::string default_source;  // "repository" | "organization"
  std::string default_unknown_reason;
};

struct EffectivePermissions {
  std::map<std::string, std::string> scopes;  // every scope -> level
  std::string source;  // "job", "workflow", "repository default (read)", ...
  SourcePos pos;       // of the deciding permissions block, if any
  bool capped_read_only = false;  // fork PR / Dependabot
  bool write_all = false;         // every writable scope is write
};

// nullopt when neither the job nor the workflow sets permissions and the
// default is unknown (the caller reports "not assessed").
std::optional<EffectivePermissions> ComputeEffectivePermissions(
    const JobTokenContext& ctx);

}  // namespace sg::settings

#endif  // STEPGUARD_SETTINGS_GITHUB_TOKEN_PERMISSIONS_H_
