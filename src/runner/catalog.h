// The catalogue of runner rules (finding ids with their default severities)
// and of runner conditions (the names `runner.require` / `runner.forbid`
// accept). One table each, so docs, validation and evaluation agree.
#ifndef STEPGUARD_RUNNER_CATALOG_H_
#define STEPGUARD_RUNNER_CATALOG_H_

#include <string_view>
#include <vector>

#include "finding/finding.h"

namespace sg::runner {

// Where the report will be used: `stepguard runner` (the runner as a whole)
// or `stepguard exec` (what an agent task launched here could reach).
enum class ProbeContext { kRunner, kExec };

struct RunnerRule {
  std::string_view id;
  Severity runner_severity;
  Severity exec_severity;
  std::string_view summary;
  std::string_view remediation;
};

struct RunnerCondition {
  std::string_view name;
  // Rules whose findings show this condition (raised when it is forbidden).
  std::vector<std::string_view> rules;
  std::string_view description;
};

const std::vector<RunnerRule>& RunnerRules();
const RunnerRule* FindRunnerRule(std::string_view id);
Severity DefaultSeverity(const RunnerRule& rule, ProbeContext context);

const std::vector<RunnerCondition>& RunnerConditions();
const RunnerCondition* FindRunnerCondition(std::string_view name);

}  // namespace sg::runner

#endif  // STEPGUARD_RUNNER_CATALOG_H_
