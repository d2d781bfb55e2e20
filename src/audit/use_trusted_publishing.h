// use-trusted-publishing: publishing to a registry that supports Trusted
// Publishing (OIDC: PyPI, RubyGems, npm, crates.io) with a long-lived token
// instead. Detected in known publishing actions given a token input, and in
// `run:` publishing commands (cargo publish, uv/hatch/pdm publish, twine
// upload, gem push, npm/pnpm publish, yarn npm publish) of jobs without
// `id-token: write` (with it, these tools use Trusted Publishing already).
// Informational, as in zizmor.
#ifndef STEPGUARD_AUDIT_USE_TRUSTED_PUBLISHING_H_
#define STEPGUARD_AUDIT_USE_TRUSTED_PUBLISHING_H_

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"

namespace sg::audit {

class UseTrustedPublishing : public Audit {
 public:
  const RuleInfo& info() const override;
  void CheckStep(const StepSite& site, AuditContext& ctx) override;
};

struct PublishCommand {
  std::string command;  // "cargo publish", ...
  size_t begin = 0, end = 0;
};
// Publishing commands in a shell script.
std::vector<PublishCommand> FindPublishCommands(std::string_view script);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_USE_TRUSTED_PUBLISHING_H_
