#include "runner/posture.h"

#include <algorithm>

namespace sg::runner {

void RunnerReport::AddFinding(std::string_view rule, std::string message,
                              std::string snippet, Confidence confidence) {
  const RunnerRule* r = FindRunnerRule(rule);
  FindingBuilder b{std::string(rule), Area::kRunner};
  b.Subject("runner").Message(std::move(message)).Snippet(std::move(snippet));
  b.Confidence(confidence);
  if (r != nullptr) {
    b.Severity(r->runner_severity).Remediation(std::string(r->remediation));
  }
  findings.Add(b.Build());
}

void RunnerReport::SetCondition(std::string_view name, Tri value) {
  conditions[std::string(name)] = value;
}

void RunnerReport::SetConditionFromFindings(std::string_view name) {
  const RunnerCondition* c = FindRunnerCondition(name);
  if (c == nullptr) return;
  bool any = std::any_of(findings.findings().begin(), findings.findings().end(),
                         [&](const Finding& f) {
                           return std::find(c->rules.begin(), c->rules.end(),
                                            f.rule) != c->rules.end();
                         });
  SetCondition(name, ToTri(any));
}

}  // namespace sg::runner
