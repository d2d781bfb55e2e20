// Context capabilities: how much of a `github.*` (or other) context value an
// outsider controls. Derived from GitHub's documented webhook payloads (see
// docs/contexts.md for sources); severity and confidence of injection
// findings follow it.
#ifndef STEPGUARD_AUDIT_CONTEXTS_H_
#define STEPGUARD_AUDIT_CONTEXTS_H_

#include <string>
#include <string_view>
#include <vector>

namespace sg::audit {

enum class Capability {
  kArbitrary,   // free text an outsider writes: titles, bodies, branch names
  kStructured,  // outsider-influenced but constrained: numbers, SHAs, logins
  kFixed,       // set by GitHub or the repository: event name, repo name
  kUnknown,     // not in the table (e.g. inputs, step outputs)
};

struct ContextInfo {
  Capability capability = Capability::kUnknown;
  // Events whose payload carries this value; empty = any event.
  std::vector<std::string> events;
};

// Classifies a normalised context path (expr::ContextRef::path: lower-case,
// `.*` for filters, `[N]` / `[*]` for indexes).
ContextInfo ClassifyContext(std::string_view path);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_CONTEXTS_H_
