// insecure-commands: `ACTIONS_ALLOW_UNSECURE_COMMANDS` set to a true value in
// workflow, job or step `env:` re-enables the deprecated `::set-env` and
// `::add-path` workflow commands, so anything a step prints (a PR title, a
// log line) can set environment variables such as LD_PRELOAD or NODE_OPTIONS
// for every later step. A whole `env:` given as an expression might contain
// it: reported at low confidence (auditor persona).
#ifndef STEPGUARD_AUDIT_INSECURE_COMMANDS_H_
#define STEPGUARD_AUDIT_INSECURE_COMMANDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"

namespace sg::audit {

class InsecureCommands : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;

 private:
  void CheckEnv(const std::vector<model::KeyValue>& env,
                const yaml::Node* env_node, const std::string& route,
                AuditContext& ctx);
};

// The runner's reading of a boolean environment value ("true", "1", "$true",
// any case).
bool RunnerTruthy(std::string_view value);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_INSECURE_COMMANDS_H_
