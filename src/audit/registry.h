// The explicit list of workflow audits. Adding an audit touches: its
// <id>.{h,cc} and <id>_test.cc, one line in registry.cc, a fixture under
// tests/fixtures/audits/<id>/, and docs/rules/<id>.md (a test checks all).
#ifndef STEPGUARD_AUDIT_REGISTRY_H_
#define STEPGUARD_AUDIT_REGISTRY_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "audit/audit.h"

namespace sg::audit {

// Every registered audit, in a stable order.
std::vector<std::unique_ptr<Audit>> AllAudits();

// Rule ids of every audit, plus the diagnostic ids (`syntax`, `expression`).
std::set<std::string> KnownRuleIds();

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_REGISTRY_H_
