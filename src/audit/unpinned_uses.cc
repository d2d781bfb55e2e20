#include "audit/unpinned_uses.h"

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& UnpinnedUses::info() const {
  static const RuleInfo kInfo{
      "unpinned-uses", Severity::kHigh,
      "action or reusable workflow not pinned to a commit SHA"};
  return kInfo;
}

std::string PinPolicyFor(const yaml::Node* config, const std::string& owner,
                         const std::string& repo) {
  std::string best = "hash-pin";
  int best_rank = -1;
  const yaml::Node* policies = config ? config->Get("policies") : nullptr;
  if (!policies || !policies->IsMap()) return best;
  const std::string slug = ToLower(owner + "/" + repo);
  for (const auto& [k, v] : policies->entries) {
    const std::string pattern = ToLower(k->value);
    int rank = -1;
    if (pattern == slug)
      rank = 3;
    else if (pattern.find('*') != std::string::npos && pattern != "*" &&
             GlobMatch(pattern, slug))
      rank = 2;
    else if (pattern == "*")
      rank = 1;
    if (rank > best_rank && v->IsScalar()) {
      best_rank = rank;
      best = v->value;
    }
  }
  return best;
}

namespace {

bool FirstParty(const UsesRef& r) {
  std::string owner = ToLower(r.owner);
  return owner == "actions" || owner == "github";
}

}  // namespace

void UnpinnedUses::CheckUsesRef(const model::Str& uses,
                                const std::string& route, AuditContext& ctx) {
  if (!uses.node || uses.value.empty() ||
      uses.value.find("${{") != std::string::npos)
    return;
  UsesRef r = ParseUses(uses.value);
  if (r.kind == UsesRef::Kind::kLocal || r.kind == UsesRef::Kind::kInvalid)
    return;
  const yaml::Node* config = ctx.RuleConfig(info().id);
  if (r.kind == UsesRef::Kind::kDocker) {
    const std::string& image = r.image;
    if (image.find("@sha256:") != std::string::npos) return;
    const size_t slash = image.rfind('/');
    const size_t colon =
        image.find(':', slash == std::string::npos ? 0 : slash);
    const std::string tag =
        colon == std::string::npos ? "" : image.substr(colon + 1);
    const bool floating = tag.empty() || tag == "latest";
    ctx.Report(ctx.New(info())
                   .Severity(floating ? Severity::kHigh : Severity::kMedium)
                   .Confidence(Confidence::kHigh)
                   .Message(floating
                                ? "image `" + image +
                                      "` is not pinned: it uses whatever "
                                      "`latest` points to when the job runs"
                                : "image `" + image +
                                      "` is pinned to a tag, which the "
                                      "registry owner can move; pin a digest")
                   .At(ctx.At(uses.node, route))
                   .Remediation("Use `docker://IMAGE@sha256:DIGEST` (keep the "
                                "tag in a comment).")
                   .Snippet(uses.value)
                   .Build());
    return;
  }
  const std::string policy = PinPolicyFor(config, r.owner, r.repo);
  if (policy == "any") return;
  if (!r.has_ref || r.ref.empty()) {
    ctx.Report(ctx.New(info())
                   .Severity(Severity::kHigh)
                   .Confidence(Confidence::kHigh)
                   .Message("`" + uses.value +
                            "` has no ref: it runs whatever the default "
                            "branch holds when the job starts")
                   .At(ctx.At(uses.node, route))
                   .Remediation("Pin a full commit SHA: `" + uses.value +
                                "@<40-hex-sha> # vX.Y.Z`.")
                   .Snippet(uses.value)
                   .Build());
    return;
  }
  if (policy == "ref-pin" || IsFullSha(r.ref)) return;
  const bool short_sha =
      r.ref.size() >= 7 && r.ref.size() < 40 &&
      r.ref.find_first_not_of("0123456789abcdef") == std::string::npos;
  const bool first_party = FirstParty(r);
  std::string what =
      short_sha ? "an abbreviated commit SHA, which can become ambiguous"
                : "`" + r.ref +
                      "`, a tag or branch that can be moved to other "
                      "code (as the tj-actions/changed-files compromise moved "
                      "every tag)";
  ctx.Report(
      ctx.New(info())
          .Severity(first_party ? Severity::kMedium : Severity::kHigh)
          .Confidence(Confidence::kHigh)
          .Message("`" + r.slug() + (r.subpath.empty() ? "" : "/" + r.subpath) +
                   "` is pinned to " + what)
          .At(ctx.AtValue(uses.node, uses.value.find('@') + 1,
                          uses.value.size(), route))
          .Remediation(
              "Pin the full 40-character commit SHA of the release and keep "
              "the version in a comment: `" +
              uses.value.substr(0, uses.value.find('@')) + "@<sha> # " + r.ref +
              "`. Dependabot and Renovate keep such pins up to date.")
          .Snippet(uses.value)
          .Build());
}

}  // namespace sg::audit
