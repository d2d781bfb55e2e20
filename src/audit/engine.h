// Runs every enabled audit over a repository in one traversal, then applies
// the policy: disabled rules, severity overrides, persona, ignore entries and
// inline `# stepguard: ignore[...]` (or `# zizmor: ignore[...]`) comments.
#ifndef STEPGUARD_AUDIT_ENGINE_H_
#define STEPGUARD_AUDIT_ENGINE_H_

#include <memory>
#include <vector>

#include "audit/audit.h"
#include "finding/finding.h"
#include "model/repo.h"
#include "policy/policy.h"

namespace sg::audit {

struct EngineOptions {
  // Overrides the policy's persona when set.
  std::optional<Persona> persona;
  // Threads that audit files; 0 = one per CPU (see WorkerCount). Results
  // never depend on it.
  size_t jobs = 0;
};

std::optional<Persona> ParsePersona(std::string_view s);

// Runs `audits` (normally AllAudits()) over every file of `repo`.
FindingSet RunAudits(const model::Repository& repo,
                     const policy::Policy& policy,
                     const std::vector<std::unique_ptr<Audit>>& audits,
                     const EngineOptions& options = {});

// Applies the policy to findings produced outside RunAudits (e.g. the online
// audits): severity overrides, disabled rules, the persona's confidence
// floor, inline ignore comments and policy ignore entries.
void ApplyPolicy(const model::Repository& repo, const policy::Policy& policy,
                 const EngineOptions& options, FindingSet* findings);

// Parses rule ids from an inline ignore comment ("# stepguard: ignore[a,b]
// why"). Empty when the comment is not an ignore comment.
std::vector<std::string> ParseIgnoreComment(std::string_view comment,
                                            std::string* reason);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_ENGINE_H_
