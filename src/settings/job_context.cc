#include "settings/job_context.h"

#include "base/diagnostic.h"
#include "base/file.h"
#include "base/strings.h"
#include "github/api.h"
#include "model/workflow.h"
#include "model/yaml.h"

namespace sg::settings {
namespace {

std::string Env(const github::EnvLookup& env, const char* name) {
  auto v = env(name);
  return v ? *v : std::string();
}

std::string ScalarAt(const yaml::Node* n,
                     std::initializer_list<const char*> path) {
  for (const char* key : path) {
    if (n == nullptr) return "";
    n = n->Get(key);
  }
  return n != nullptr && n->IsScalar() ? n->value : "";
}

// Fork pull requests: head and base repositories differ.
bool IsForkPullRequest(const std::string& event,
                       const std::string& event_path) {
  if (event != "pull_request" && event != "pull_request_review" &&
      event != "pull_request_review_comment") {
    return false;
  }
  if (event_path.empty()) return false;
  Result<std::string> text = ReadFile(event_path, 32u << 20);
  if (!text.ok()) return false;
  Diagnostics diags;
  // A JSON document is YAML: the model's parser reads it without a second
  // JSON library in this module.
  auto doc = yaml::Document::Parse(event_path, std::move(*text), &diags);
  if (!doc.ok()) return false;
  const yaml::Node* root = (*doc)->root();
  std::string head =
      ScalarAt(root, {"pull_request", "head", "repo", "full_name"});
  std::string base =
      ScalarAt(root, {"pull_request", "base", "repo", "full_name"});
  return !head.empty() && !base.empty() && head != base;
}

}  // namespace

bool InWorkflowJob(const github::EnvLookup& env) {
  return !Env(env, "GITHUB_WORKFLOW_REF").empty() &&
         !Env(env, "GITHUB_JOB").empty();
}

bool ParseWorkflowRef(const std::string& ref, std::string* repository,
                      std::string* path) {
  size_t at = ref.rfind('@');
  std::string left = ref.substr(0, at);
  size_t first = left.find('/');
  if (first == std::string::npos) return false;
  size_t second = left.find('/', first + 1);
  if (second == std::string::npos || second + 1 >= left.size()) return false;
  *repository = left.substr(0, second);
  *path = left.substr(second + 1);
  return true;
}

Result<JobTokenContext> LoadJobTokenContext(const github::EnvLookup& env,
                                            github::Client* client) {
  JobTokenContext ctx;
  std::string repository;
  if (!ParseWorkflowRef(Env(env, "GITHUB_WORKFLOW_REF"), &repository,
                        &ctx.workflow_path)) {
    return Status::InvalidInput(
        "GITHUB_WORKFLOW_REF is not owner/repo/path@ref");
  }
  ctx.job = Env(env, "GITHUB_JOB");
  ctx.event = Env(env, "GITHUB_EVENT_NAME");
  ctx.fork_pull_request =
      IsForkPullRequest(ctx.event, Env(env, "GITHUB_EVENT_PATH"));
  std::string actor = Env(env, "GITHUB_ACTOR");
  ctx.dependabot = actor == "dependabot[bot]" &&
                   (ctx.event == "pull_request" || ctx.event == "push" ||
                    ctx.event == "pull_request_review" ||
                    ctx.event == "pull_request_review_comment");
  size_t slash = repository.find('/');
  std::string owner = repository.substr(0, slash);
  std::string repo = repository.substr(slash + 1);

  // The workflow file: the checkout in the workspace when it is the same
  // repository, else the API at the workflow's own commit.
  std::string text;
  std::string workspace = Env(env, "GITHUB_WORKSPACE");
  bool same_repo = Env(env, "GITHUB_REPOSITORY") == repository;
  if (!workspace.empty() && same_repo) {
    if (auto t = ReadFile(workspace + "/" + ctx.workflow_path); t.ok()) {
      text = std::move(*t);
    }
  }
  if (text.empty() && client != nullptr) {
    std::string ref = Env(env, "GITHUB_WORKFLOW_SHA");
    if (ref.empty()) ref = Env(env, "GITHUB_SHA");
    auto t =
        github::GetFileContent(*client, owner, repo, ctx.workflow_path, ref);
    if (!t.ok()) return t.status().WithContext("reading the running workflow");
    text = std::move(*t);
  }
  if (text.empty()) {
    return Status::NotFound(ctx.workflow_path +
                            " is not in the workspace and the API is offline");
  }
  Diagnostics diags;
  auto doc = yaml::Document::Parse(ctx.workflow_path, std::move(text), &diags);
  if (!doc.ok()) return doc.status().WithContext(ctx.workflow_path);
  model::Workflow wf = model::BuildWorkflow(**doc, &diags);
  ctx.workflow = FromModel(wf.permissions, doc->get());
  const model::Job* job = wf.FindJob(ctx.job);
  if (job == nullptr) {
    return Status::NotFound("job '" + ctx.job + "' not found in " +
                            ctx.workflow_path);
  }
  ctx.job_spec = FromModel(job->permissions, doc->get());
  if (job->key_node != nullptr) ctx.job_pos = job->key_node->span.begin;

  bool need_default = ctx.job_spec.kind == PermissionsSpec::Kind::kUnset &&
                      ctx.workflow.kind == PermissionsSpec::Kind::kUnset;
  if (need_default) {
    if (client == nullptr) {
      ctx.default_unknown_reason = "offline";
    } else {
      auto level = github::GetDefaultWorkflowPermissions(*client, owner, repo);
      if (level.ok()) {
        ctx.default_permissions = *level;
        ctx.default_source = "repository";
      } else {
        auto org = github::GetDefaultWorkflowPermissions(*client, owner, "");
        if (org.ok()) {
          ctx.default_permissions = *org;
          ctx.default_source = "organization";
        } else {
          ctx.default_unknown_reason = level.status().message();
        }
      }
    }
  }
  return ctx;
}

}  // namespace sg::settings
