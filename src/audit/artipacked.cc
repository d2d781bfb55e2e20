#include "audit/artipacked.h"

#include <cstdlib>

#include "audit/util.h"
#include "base/strings.h"

namespace sg::audit {

const RuleInfo& Artipacked::info() const {
  static const RuleInfo kInfo{
      "artipacked", Severity::kMedium,
      "actions/checkout persists the token in .git/config"};
  return kInfo;
}

bool UploadsWorkspaceRoot(const std::string& path) {
  for (const auto& raw : Split(path, '\n')) {
    std::string p(Trim(raw));
    if (p.empty() || p[0] == '!' || p[0] == '#') continue;
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    if (p == "." || p == ".." || p == "*" || p == "**" || p == "./*" ||
        p == "./**" || p == "../*" || p == "../**")
      return true;
    const std::string lower = ToLower(p);
    // ${{ github.workspace }}, $GITHUB_WORKSPACE, ${GITHUB_WORKSPACE} alone or
    // followed by a glob of everything.
    for (std::string_view root :
         {"${{ github.workspace }}", "${{github.workspace}}",
          "$github_workspace", "${github_workspace}"}) {
      if (lower == root || lower == std::string(root) + "/*" ||
          lower == std::string(root) + "/**")
        return true;
    }
  }
  return false;
}

namespace {

// upload-artifact stopped uploading hidden files (so `.git/`) by default in
// v4.4.0. Returns true when the ref is known to predate that: v1-v3, v4.0-v4.3.
bool PredatesHiddenFileExclusion(const std::string& ref) {
  if (ref.empty() || (ref[0] != 'v' && ref[0] != 'V')) return false;
  std::vector<std::string> parts;
  for (const auto& s : Split(std::string_view(ref).substr(1), '.'))
    parts.emplace_back(s);
  if (parts.empty()) return false;
  char* end = nullptr;
  long major = std::strtol(parts[0].c_str(), &end, 10);
  if (end == parts[0].c_str()) return false;
  if (major < 4) return true;
  if (major > 4 || parts.size() < 2) return false;
  long minor = std::strtol(parts[1].c_str(), &end, 10);
  return end != parts[1].c_str() && minor < 4;
}

// Does this upload step publish `.git/config`? Unknown versions (SHA pins,
// branches) are assumed old, as an auditor would.
bool DangerousUpload(const model::Step& step) {
  const model::KeyValue* path = step.With("path");
  if (!path || !UploadsWorkspaceRoot(path->value.value)) return false;
  const model::KeyValue* hidden = step.With("include-hidden-files");
  if (hidden && ToLower(hidden->value.value) == "true") return true;
  UsesRef r = ParseUses(step.uses.value);
  if (IsFullSha(r.ref)) return true;
  if (!r.ref.empty() && (r.ref[0] == 'v' || r.ref[0] == 'V'))
    return PredatesHiddenFileExclusion(r.ref);
  return true;
}

// Major version of an `actions/checkout` step: from a `vN...` ref, or from
// a `# vN...` comment after a SHA pin; 0 when unknown.
int CheckoutMajor(const model::Step& step, const yaml::Document& doc) {
  std::string ref = ParseUses(step.uses.value).ref;
  if (IsFullSha(ref) && step.uses.node && step.uses.node->span.known()) {
    std::string_view c =
        Trim(doc.CommentOnLine(step.uses.node->span.begin.line));
    while (!c.empty() && c.front() == '#') c.remove_prefix(1);
    c = Trim(c);
    if (StartsWith(c, "tag=")) c.remove_prefix(4);
    ref = std::string(c.substr(0, c.find(' ')));
  }
  if (ref.size() < 2 || (ref[0] != 'v' && ref[0] != 'V')) return 0;
  char* end = nullptr;
  long major = std::strtol(ref.c_str() + 1, &end, 10);
  return end == ref.c_str() + 1 ? 0 : static_cast<int>(major);
}

}  // namespace

void Artipacked::CheckSteps(const std::vector<model::Step>& steps,
                            const std::string& prefix, AuditContext& ctx) {
  for (size_t i = 0; i < steps.size(); ++i) {
    const model::Step& s = steps[i];
    if (!s.uses.present() || !IsAction(s.uses.value, "actions/checkout"))
      continue;
    const model::KeyValue* persist = s.With("persist-credentials");
    const std::string route = prefix + "[" + std::to_string(s.index) + "]";
    const std::string value =
        persist ? ToLower(std::string(Trim(persist->value.value))) : "";
    if (value == "false") continue;
    const bool explicit_true = value == "true";
    // `with: ${{ fromJSON(...) }}` builds every input at run time.
    const bool dynamic_with =
        !persist && s.with_node && s.with_node->IsScalar() &&
        s.with_node->value.find("${{") != std::string::npos;
    const bool expression =
        value.find("${{") != std::string::npos || dynamic_with;
    // checkout v6 keeps the credentials in a file under $RUNNER_TEMP, which
    // an upload of the workspace does not include.
    const bool outside_workspace = CheckoutMajor(s, ctx.doc()) >= 6;
    const model::Step* upload = nullptr;
    for (size_t j = i + 1; j < steps.size() && !upload && !outside_workspace;
         ++j) {
      const model::Step& u = steps[j];
      if (u.uses.present() &&
          IsAction(u.uses.value, "actions/upload-artifact") &&
          DangerousUpload(u))
        upload = &u;
    }
    FindingBuilder b = ctx.New(info());
    if (upload) {
      b.Severity(Severity::kHigh)
          .Message(
              "`actions/checkout` persists the job token in `.git/config` and "
              "a later step "
              "uploads the workspace, `.git/` included, as an artifact anyone "
              "with read "
              "access can download")
          .Related(
              ctx.At(upload->uses.node,
                     prefix + "[" + std::to_string(upload->index) + "].uses"));
    } else {
      b.Severity(Severity::kMedium)
          .Message(
              outside_workspace && !explicit_true && !expression
                  ? "`actions/checkout` without `persist-credentials: false` "
                    "leaves the job token configured for git (in a file "
                    "under $RUNNER_TEMP since v6), readable by every later "
                    "step"
              : explicit_true ? "`actions/checkout` with "
                                "`persist-credentials: true` keeps the job "
                                "token in `.git/config` for every later step"
              : dynamic_with  ? "`actions/checkout` may persist the job "
                                "token in `.git/config` (its `with:` is an "
                                "expression, so `persist-credentials` cannot "
                                "be seen)"
              : expression    ? "`actions/checkout` may persist the job "
                                "token in `.git/config` "
                                "(`persist-credentials` is an expression)"
                              : "`actions/checkout` without "
                                "`persist-credentials: false` leaves the "
                                "job token in `.git/config`, readable by "
                                "every later step and by "
                                "anything that packages the workspace");
    }
    // An explicit `true` or an expression is probably deliberate (pushing
    // back to the repository): auditors only.
    b.Confidence(explicit_true || expression ? Confidence::kLow
                 : upload                    ? Confidence::kHigh
                                             : Confidence::kMedium);
    b.At(persist ? ctx.At(persist->value.node ? persist->value.node
                                              : persist->key.node,
                          route + ".with.persist-credentials")
         : dynamic_with ? ctx.At(s.with_node, route + ".with")
                        : ctx.At(s.uses.node, route + ".uses"))
        .Remediation(
            "Add `with: {persist-credentials: false}` to the checkout; steps "
            "that need "
            "to push can pass a token explicitly (`git push "
            "https://x-access-token:${TOKEN}@github.com/...`).")
        .Snippet(s.uses.value);
    ctx.Report(b.Build());
  }
}

void Artipacked::CheckJob(const model::Workflow&, const model::Job& job,
                          AuditContext& ctx) {
  CheckSteps(job.steps, "jobs." + job.id + ".steps", ctx);
}

void Artipacked::CheckAction(const model::Action& action, AuditContext& ctx) {
  CheckSteps(action.steps, "runs.steps", ctx);
}

}  // namespace sg::audit
