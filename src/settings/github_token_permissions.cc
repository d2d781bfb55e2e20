#include "settings/github_token_permissions.h"

namespace sg::settings {
namespace {

// Scopes that only ever reach "read" through defaults or write-all.
bool ReadOnlyScope(const std::string& s) {
  return s == "metadata" || s == "models";
}

std::map<std::string, std::string> AllAt(const std::string& level) {
  std::map<std::string, std::string> out;
  for (const auto& s : GithubTokenScopes()) {
    out[s] = ReadOnlyScope(s) && level == "write" ? "read" : level;
  }
  return out;
}

std::map<std::string, std::string> FromSpec(const PermissionsSpec& spec) {
  switch (spec.kind) {
    case PermissionsSpec::Kind::kReadAll:
      return AllAt("read");
    case PermissionsSpec::Kind::kWriteAll:
      return AllAt("write");
    case PermissionsSpec::Kind::kNone:
      return AllAt("none");
    case PermissionsSpec::Kind::kExplicit:
    case PermissionsSpec::Kind::kUnset: {
      auto out = AllAt("none");
      out["metadata"] = "read";  // always granted when any scope is set
      for (const auto& [k, v] : spec.scopes) out[k] = v;
      return out;
    }
  }
  return {};
}

}  // namespace

const std::vector<std::string>& GithubTokenScopes() {
  static const std::vector<std::string> kScopes = {
      "actions",         "attestations",
      "checks",          "contents",
      "deployments",     "discussions",
      "id-token",        "issues",
      "metadata",        "models",
      "packages",        "pages",
      "pull-requests",   "repository-projects",
      "security-events", "statuses"};
  return kScopes;
}

PermissionsSpec FromModel(const model::PermissionSet& p,
                          const yaml::Document* doc) {
  PermissionsSpec out;
  using K = model::PermissionSet::Kind;
  switch (p.kind) {
    case K::kUnset:
      out.kind = PermissionsSpec::Kind::kUnset;
      break;
    case K::kReadAll:
      out.kind = PermissionsSpec::Kind::kReadAll;
      break;
    case K::kWriteAll:
      out.kind = PermissionsSpec::Kind::kWriteAll;
      break;
    case K::kNone:
      out.kind = PermissionsSpec::Kind::kNone;
      break;
    // GitHub rejects an invalid block; judging it as explicit is closest.
    case K::kExplicit:
    case K::kInvalid:
      out.kind = PermissionsSpec::Kind::kExplicit;
      break;
  }
  out.scopes = p.scopes;
  const yaml::Node* at = p.key_node != nullptr ? p.key_node : p.node;
  if (at != nullptr) out.pos = at->span.begin;
  (void)doc;
  return out;
}

std::optional<EffectivePermissions> ComputeEffectivePermissions(
    const JobTokenContext& ctx) {
  EffectivePermissions out;
  if (ctx.job_spec.kind != PermissionsSpec::Kind::kUnset) {
    out.scopes = FromSpec(ctx.job_spec);
    out.source = "job";
    out.pos = ctx.job_spec.pos;
  } else if (ctx.workflow.kind != PermissionsSpec::Kind::kUnset) {
    out.scopes = FromSpec(ctx.workflow);
    out.source = "workflow";
    out.pos = ctx.workflow.pos;
  } else if (ctx.default_permissions) {
    if (*ctx.default_permissions == "write") {
      // "Permissive": read and write for every scope but id-token.
      out.scopes = AllAt("write");
      out.scopes["id-token"] = "none";
    } else {
      // "Restricted": contents and packages read.
      out.scopes = AllAt("none");
      out.scopes["contents"] = "read";
      out.scopes["packages"] = "read";
      out.scopes["metadata"] = "read";
      out.scopes["models"] = "read";
    }
    out.source =
        ctx.default_source + " default (" + *ctx.default_permissions + ")";
    out.pos = ctx.job_pos;
  } else {
    return std::nullopt;
  }
  if (ctx.fork_pull_request || ctx.dependabot) {
    for (auto& [scope, level] : out.scopes) {
      if (level == "write") {
        level = "read";
        out.capped_read_only = true;
      }
    }
  }
  out.write_all = true;
  for (const auto& s : GithubTokenScopes()) {
    if (ReadOnlyScope(s) || s == "id-token") continue;
    if (out.scopes[s] != "write") out.write_all = false;
  }
  return out;
}

}  // namespace sg::settings
