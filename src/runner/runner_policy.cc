#include "runner/runner_policy.h"

#include <string>

#include "runner/catalog.h"

namespace sg::runner {
namespace {

std::string ConditionList() {
  std::string out;
  for (const auto& c : RunnerConditions()) {
    if (!out.empty()) out += ", ";
    out += c.name;
  }
  return out;
}

Status CheckConditions(const std::vector<std::string>& names,
                       const char* field) {
  for (const auto& n : names) {
    if (FindRunnerCondition(n) == nullptr) {
      return Status::InvalidInput(std::string("runner.") + field +
                                  ": unknown condition '" + n +
                                  "' (known: " + ConditionList() + ")");
    }
  }
  return Status::Ok();
}

Status CheckRule(const std::string& id, const char* field) {
  if (FindRunnerRule(id) == nullptr) {
    return Status::InvalidInput(std::string("runner.") + field +
                                ": unknown rule '" + id + "'");
  }
  return Status::Ok();
}

}  // namespace

RunnerPolicy DefaultRunnerPolicy() { return RunnerPolicy{}; }

Status ValidateRunnerPolicy(const RunnerPolicy& policy) {
  SG_RETURN_IF_ERROR(CheckConditions(policy.require, "require"));
  SG_RETURN_IF_ERROR(CheckConditions(policy.forbid, "forbid"));
  for (const auto& [id, sev] : policy.severity) {
    SG_RETURN_IF_ERROR(CheckRule(id, "severity"));
  }
  for (const auto& id : policy.disable) {
    SG_RETURN_IF_ERROR(CheckRule(id, "disable"));
  }
  return Status::Ok();
}

}  // namespace sg::runner
