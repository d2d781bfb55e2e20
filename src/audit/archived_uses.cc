#include "audit/archived_uses.h"

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

namespace {

struct Archived {
  std::string_view slug;    // lower-case owner/repo
  const char* replacement;  // what to use instead
};

// Well-known archived action repositories.
//
// Source: each repository's "This repository has been archived by the
// owner" banner (GitHub's `archived` flag, api.github.com/repos/OWNER/REPO),
// checked for repositories that are widely used in public workflows;
// cross-checked against zizmor's data/archived-repos.txt. Replacements are
// the owners' own recommendations where they published one. Keep sorted.
constexpr Archived kArchived[] = {
    {"8398a7/action-slack", "slackapi/slack-github-action"},
    {"actions-rs/audit-check",
     "`cargo audit` (or rustsec/audit-check) in a run step"},
    {"actions-rs/cargo", "`cargo` in a run step"},
    {"actions-rs/clippy-check", "`cargo clippy` in a run step"},
    {"actions-rs/components-nightly", "`rustup` in a run step"},
    {"actions-rs/grcov", "`grcov` in a run step"},
    {"actions-rs/install", "`cargo install --locked` in a run step"},
    {"actions-rs/tarpaulin", "`cargo tarpaulin` in a run step"},
    {"actions-rs/toolchain", "`rustup toolchain install` in a run step"},
    {"actions/create-release", "`gh release create` in a run step"},
    {"actions/setup-elixir", "erlef/setup-beam"},
    {"actions/setup-haskell", "haskell-actions/setup"},
    {"actions/setup-ruby", "ruby/setup-ruby"},
    {"actions/upload-release-asset", "`gh release upload` in a run step"},
    {"azure/appservice-actions", "azure/webapps-deploy"},
    {"azure/container-actions", "azure/docker-login and azure/webapps-deploy"},
    {"azure/get-keyvault-secrets", "`az keyvault secret show` in a run step"},
    {"azure/k8s-actions", "the individual azure/k8s-* actions"},
    {"crazy-max/ghaction-docker-buildx", "docker/setup-buildx-action"},
    {"gradle/gradle-build-action", "gradle/actions/setup-gradle"},
    {"jakejarvis/s3-sync-action", "`aws s3 sync` in a run step"},
    {"marvinpinto/action-automatic-releases",
     "`gh release create` in a run step"},
    {"paambaati/codeclimate-action", "the coverage service's own uploader"},
    {"repo-sync/pull-request", "`gh pr create` in a run step"},
    {"semgrep/semgrep-action",
     "`semgrep ci` in a run step (semgrep/semgrep container)"},
    {"sonarsource/sonarcloud-github-action",
     "sonarsource/sonarqube-scan-action"},
    {"tibdex/github-app-token", "actions/create-github-app-token"},
};

}  // namespace

const char* ArchivedReplacement(std::string_view owner_repo) {
  for (const Archived& a : kArchived)
    if (a.slug == owner_repo) return a.replacement;
  return nullptr;
}

const RuleInfo& ArchivedUses::info() const {
  static const RuleInfo kInfo{
      "archived-uses", Severity::kMedium,
      "action or reusable workflow from an archived repository"};
  return kInfo;
}

namespace {

void Check(const model::Str& uses, const std::string& route,
           const RuleInfo& rule, AuditContext& ctx) {
  if (!uses.node || uses.value.find("${{") != std::string::npos) return;
  UsesRef r = ParseUses(uses.value);
  if (r.kind != UsesRef::Kind::kRepository) return;
  const std::string slug = ToLower(r.slug());
  const char* replacement = ArchivedReplacement(slug);
  if (!replacement) return;
  ctx.Report(ctx.New(rule)
                 .Confidence(Confidence::kHigh)
                 .Message("`" + r.slug() +
                          "` is archived: it receives no fixes, including "
                          "security fixes, and "
                          "its owner no longer maintains it")
                 .At(ctx.AtValue(uses.node, 0, r.slug().size(), route))
                 .Remediation(std::string("Use ") + replacement + " instead.")
                 .Snippet(uses.value)
                 .Build());
}

}  // namespace

void ArchivedUses::CheckUsesRef(const model::Str& uses,
                                const std::string& route, AuditContext& ctx) {
  Check(uses, route, info(), ctx);
}

}  // namespace sg::audit
