// undocumented-permissions (pedantic): explicit `permissions:` scopes without
// a comment saying why the workflow needs them (a trailing comment on the
// scope's line, or a comment line right above it). A block that is only
// `contents: read` is self-explanatory and skipped. One finding per block,
// at its `permissions:` key; the undocumented scopes are related locations.
#ifndef STEPGUARD_AUDIT_UNDOCUMENTED_PERMISSIONS_H_
#define STEPGUARD_AUDIT_UNDOCUMENTED_PERMISSIONS_H_

#include <string>

#include "audit/audit.h"

namespace sg::audit {

class UndocumentedPermissions : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckWorkflow(const model::Workflow& wf, AuditContext& ctx) override;
  void CheckJob(const model::Workflow& wf, const model::Job& job,
                AuditContext& ctx) override;

 private:
  void Check(const model::PermissionSet& p, const std::string& route,
             AuditContext& ctx);
};

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_UNDOCUMENTED_PERMISSIONS_H_
