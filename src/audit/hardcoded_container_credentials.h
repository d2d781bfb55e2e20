// hardcoded-container-credentials: a literal registry password in a job's
// `container.credentials` or a service's `credentials`. Anyone who can read
// the repository can read it. Usernames are not secrets and are not flagged
// on their own.
#ifndef STEPGUARD_AUDIT_HARDCODED_CONTAINER_CREDENTIALS_H_
#define STEPGUARD_AUDIT_HARDCODED_CONTAINER_CREDENTIALS_H_

#include <string>

#include "audit/audit.h"

namespace sg::audit {

class HardcodedContainerCredentials : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;

 private:
  void CheckCredentials(const yaml::Node* creds, const std::string& what,
                        const std::string& route, AuditContext& ctx);
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_HARDCODED_CONTAINER_CREDENTIALS_H_
