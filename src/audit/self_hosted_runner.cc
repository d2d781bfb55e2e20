#include "audit/self_hosted_runner.h"

#include <functional>
#include <string>
#include <vector>

#include "base/strings.h"

namespace sg::audit {

const RuleInfo& SelfHostedRunner::info() const {
  static const RuleInfo kInfo{"self-hosted-runner", Severity::kMedium,
                              "job runs on a self-hosted runner",
                              Persona::kAuditor};
  return kInfo;
}

bool IsGithubHostedLabel(std::string_view label) {
  const std::string l = ToLower(Trim(label));
  for (std::string_view prefix : {"ubuntu-", "windows-", "macos-"}) {
    if (StartsWith(l, prefix)) return true;
  }
  return false;
}

namespace {

// Labels of commercial runner providers (Namespace, RunsOn, Blacksmith,
// Ubicloud, BuildJet, Depot, WarpBuild). Their machines are ephemeral VMs run
// by the provider for one job, so the self-hosted risk (state left behind for
// the next job) does not apply. A RunsOn label carries an expression
// (`runs-on=${{ github.run_id }}`): the prefix alone decides.
bool IsProviderLabel(std::string_view label) {
  const std::string l = ToLower(Trim(label));
  for (std::string_view prefix :
       {"namespace-profile-", "nscloud-", "runs-on=", "runs-on/", "blacksmith-",
        "ubicloud-", "buildjet-", "depot-", "warp-"}) {
    if (StartsWith(l, prefix)) return true;
  }
  return false;
}

bool MentionsSelfHosted(const yaml::Node* n) {
  if (!n) return false;
  if (n->IsScalar())
    return ToLower(n->value).find("self-hosted") != std::string::npos;
  for (const yaml::Node* i : n->items)
    if (MentionsSelfHosted(i)) return true;
  for (const auto& [k, v] : n->entries)
    if (MentionsSelfHosted(v)) return true;
  return false;
}

enum class MatrixVerdict { kUnknown, kHosted, kSelfHosted };

// Labels `${{ matrix.KEY }}` can expand to: every value of the key in the
// matrix and its `include` entries (a value may be a label or a list).
MatrixVerdict JudgeMatrixRunner(const std::string& label,
                                const yaml::Node* matrix) {
  std::string_view t = Trim(label);
  if (!StartsWith(t, "${{") || t.size() < 6 || t.substr(t.size() - 2) != "}}")
    return MatrixVerdict::kUnknown;
  std::string inner(Trim(t.substr(3, t.size() - 5)));
  if (!StartsWith(inner, "matrix.") ||
      inner.find_first_of(" ()[]|&!=<>'\"") != std::string::npos)
    return MatrixVerdict::kUnknown;
  const std::string key = inner.substr(7);
  if (!matrix || !matrix->IsMap()) return MatrixVerdict::kUnknown;
  // `exclude: [{KEY: value}]` (KEY alone) removes every combination with that
  // value; entries naming more keys remove only some, so the value stays.
  // GitHub applies `include` after `exclude`, so included values stay too.
  auto excluded = [&](const yaml::Node* v) {
    const yaml::Node* ex = matrix->Get("exclude");
    if (!v->IsScalar() || !ex || !ex->IsSequence()) return false;
    for (const yaml::Node* e : ex->items) {
      if (!e->IsMap() || e->entries.size() != 1) continue;
      const yaml::Node* ev = e->Get(key);
      if (ev && ev->IsScalar() && ev->value == v->value) return true;
    }
    return false;
  };
  std::vector<const yaml::Node*> values;
  if (const yaml::Node* v = matrix->Get(key)) {
    if (!v->IsSequence()) return MatrixVerdict::kUnknown;
    for (const yaml::Node* i : v->items)
      if (!excluded(i)) values.push_back(i);
  }
  if (const yaml::Node* inc = matrix->Get("include")) {
    if (!inc->IsSequence()) return MatrixVerdict::kUnknown;
    for (const yaml::Node* e : inc->items) {
      if (!e->IsMap()) return MatrixVerdict::kUnknown;
      if (const yaml::Node* v = e->Get(key)) values.push_back(v);
    }
  }
  if (values.empty()) return MatrixVerdict::kUnknown;
  bool all_hosted = true;
  std::function<void(const yaml::Node*)> visit = [&](const yaml::Node* n) {
    if (n->IsScalar()) {
      if (IsProviderLabel(n->value)) return;
      if (n->value.find("${{") != std::string::npos ||
          !IsGithubHostedLabel(n->value))
        all_hosted = false;
    } else if (n->IsSequence()) {
      for (const yaml::Node* i : n->items) visit(i);
    } else {
      all_hosted = false;  // {group: ...} or something unexpected
    }
  };
  for (const yaml::Node* v : values) {
    if (MentionsSelfHosted(v)) return MatrixVerdict::kSelfHosted;
    visit(v);
  }
  return all_hosted ? MatrixVerdict::kHosted : MatrixVerdict::kUnknown;
}

}  // namespace

void SelfHostedRunner::CheckJob(const model::Workflow&, const model::Job& job,
                                AuditContext& ctx) {
  if (job.is_reusable_call() || !job.runs_on) return;
  const model::RunsOn& ro = job.runs_on_parsed;
  const std::string route = "jobs." + job.id + ".runs-on";
  auto report = [&](const yaml::Node* node, Confidence c, std::string msg) {
    ctx.Report(
        ctx.New(info())
            .Confidence(c)
            .Message(std::move(msg))
            .At(ctx.At(node, route))
            .Remediation(
                "Use GitHub-hosted runners for untrusted code, or make the "
                "self-hosted runners ephemeral (one job per fresh VM, e.g. "
                "`--ephemeral` or Actions Runner Controller) and keep them out "
                "of public repositories' pull-request workflows.")
            .Build());
  };
  for (const model::Str& l : ro.labels) {
    if (ToLower(Trim(l.value)) == "self-hosted") {
      report(l.node, Confidence::kHigh,
             "job `" + job.id +
                 "` runs on a self-hosted runner, which may keep state (and "
                 "planted malware) between jobs unless it is ephemeral");
      return;
    }
  }
  // A provider label makes the whole list that provider's machine spec
  // (RunsOn: `[runs-on=${{ github.run_id }}, cpu=8, family=c7i]`).
  for (const model::Str& l : ro.labels)
    if (IsProviderLabel(l.value)) return;
  if (ro.expression) {
    const model::Str* expr_label = nullptr;
    for (const model::Str& l : ro.labels)
      if (l.value.find("${{") != std::string::npos) expr_label = &l;
    const MatrixVerdict m =
        expr_label ? JudgeMatrixRunner(expr_label->value, job.matrix)
                   : MatrixVerdict::kUnknown;
    if (m == MatrixVerdict::kHosted) return;
    if (m == MatrixVerdict::kSelfHosted) {
      report(expr_label->node, Confidence::kHigh,
             "job `" + job.id +
                 "` runs on a runner chosen by the matrix, which includes a "
                 "self-hosted runner");
    } else {
      report(expr_label ? expr_label->node : ro.node, Confidence::kLow,
             "job `" + job.id +
                 "` picks its runner with an expression that may expand to a "
                 "self-hosted runner");
    }
    return;
  }
  if (ro.group.present()) {
    report(ro.group.node, Confidence::kLow,
           "job `" + job.id + "` runs in runner group `" + ro.group.value +
               "`; groups usually hold self-hosted runners");
    return;
  }
  for (const model::Str& l : ro.labels) {
    if (!IsGithubHostedLabel(l.value)) {
      report(l.node, Confidence::kLow,
             "job `" + job.id + "` asks for runner label `" + l.value +
                 "`, which is not a GitHub-hosted image: it may be a "
                 "self-hosted runner");
      return;
    }
  }
}

}  // namespace sg::audit
