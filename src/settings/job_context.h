// Builds the JobTokenContext of the running job from the Actions
// environment: GITHUB_WORKFLOW_REF (which workflow file), GITHUB_JOB,
// GITHUB_EVENT_NAME, GITHUB_EVENT_PATH (fork pull requests), GITHUB_ACTOR
// (Dependabot). The workflow file is read from GITHUB_WORKSPACE when it is
// checked out there, else fetched at GITHUB_WORKFLOW_SHA through the API.
// The repository default comes from the API when the token may read it,
// then the organisation's; otherwise it stays unknown (not assessed).
#ifndef STEPGUARD_SETTINGS_JOB_CONTEXT_H_
#define STEPGUARD_SETTINGS_JOB_CONTEXT_H_

#include <functional>
#include <optional>
#include <string>

#include "base/status.h"
#include "github/client.h"
#include "settings/github_token_permissions.h"

namespace sg::settings {

// True when the environment describes a running Actions job.
bool InWorkflowJob(const github::EnvLookup& env);

// Splits "owner/repo/.github/workflows/ci.yml@refs/heads/main" into
// repository ("owner/repo") and workflow path.
bool ParseWorkflowRef(const std::string& ref, std::string* repository,
                      std::string* path);

// `client` may be null (offline): then the file must be in the workspace
// and the default stays unknown.
Result<JobTokenContext> LoadJobTokenContext(const github::EnvLookup& env,
                                            github::Client* client);

}  // namespace sg::settings

#endif  // STEPGUARD_SETTINGS_JOB_CONTEXT_H_
