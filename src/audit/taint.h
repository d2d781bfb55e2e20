// Taint tracking across a repository: follows a value from the place it is
// used (`${{ env.X }}`, `${{ steps.s.outputs.o }}`, `${{ needs.j.outputs.o }}`,
// `${{ inputs.x }}`, `$X` in a script) back to the attacker-controlled
// contexts it may carry, through env: (workflow, job, step), GITHUB_ENV and
// GITHUB_OUTPUT writes, step outputs of known actions, job outputs,
// composite-action inputs (every caller in the repository) and
// reusable-workflow inputs (every local caller). Used by template-injection
// and agent-prompt-injection.
//
// It is an over-approximation of data flow, not of control flow: a value that
// may carry attacker text on some path is tainted. Recursion is bounded.
#ifndef STEPGUARD_AUDIT_TAINT_H_
#define STEPGUARD_AUDIT_TAINT_H_

#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "audit/contexts.h"

namespace sg::audit {

// One attacker-controlled source reaching a use.
struct Taint {
  std::string source;  // e.g. "github.event.issue.title"
  Capability capability = Capability::kArbitrary;
  std::vector<std::string> events;  // events carrying the source; empty = any
  bool via_json = false;
  // Human-readable path from the use to the source: "env.TITLE <-
  // github.event.issue.title".
  std::string chain;
  // Where each hop is defined (env entries, writer steps, callers), use first.
  std::vector<Location> hops;
  // The source sits in a caller (another file or job) of the analysed code.
  bool from_caller = false;
};

// A place code runs: a step of a workflow job or of a composite action.
// `step_index` is the index of the step being analysed; outputs and
// GITHUB_ENV writes of steps before it are visible.
struct TaintScope {
  const model::SourceFile* file = nullptr;
  const model::Workflow* workflow = nullptr;
  const model::Job* job = nullptr;
  const model::Action* action = nullptr;
  const model::Step* step = nullptr;  // null for job-level scopes
  int step_index = 0;
};

TaintScope ScopeOf(const StepSite& site);

class TaintTracker {
 public:
  explicit TaintTracker(const model::Repository& repo) : repo_(repo) {}

  // Sources carried by context reference `path` (normalised, as
  // expr::ContextRef::path) evaluated in `scope`. Direct `github.*` contexts
  // give themselves when the context table calls them arbitrary or
  // structured; fixed and unknown ones give nothing.
  std::vector<Taint> OfContext(const std::string& path,
                               const TaintScope& scope) const;
  // Sources carried by shell variable $NAME in a script of `scope`'s step.
  std::vector<Taint> OfShellVar(const std::string& name,
                                const TaintScope& scope) const;
  // Sources carried by text (a scalar that may hold `${{ }}` expressions and,
  // when `shell` is true, `$VAR` references) evaluated in `scope`.
  std::vector<Taint> OfText(std::string_view text, const TaintScope& scope,
                            bool shell) const;

  // Files that earlier steps of `scope` write attacker data to (`> file`,
  // `>> file`, `tee file`), with the taint of what they write.
  struct FileWrite {
    std::string path;
    Taint taint;
  };
  std::vector<FileWrite> TaintedFileWrites(const TaintScope& scope) const;

 private:
  std::vector<Taint> Context(const std::string& path, const TaintScope& scope,
                             int depth) const;
  std::vector<Taint> Text(std::string_view text, const TaintScope& scope,
                          bool shell, int depth) const;
  std::vector<Taint> EnvVar(const std::string& name, const TaintScope& scope,
                            bool shell, int depth) const;
  std::vector<Taint> StepOutput(const std::string& step_id,
                                const std::string& output,
                                const TaintScope& scope, int depth) const;
  std::vector<Taint> JobOutput(const std::string& job_id,
                               const std::string& output,
                               const TaintScope& scope, int depth) const;
  std::vector<Taint> Input(const std::string& name, const TaintScope& scope,
                           int depth) const;

  // Bounds the work of one query: values that reference each other in
  // many ways must not make the analysis exponential.
  bool Spend() const { return budget_-- > 0; }

  const model::Repository& repo_;
  mutable int budget_ = 20000;
};

// A location in any file of the repository (related locations in callers).
Location LocationIn(const model::SourceFile& file, const yaml::Node* node,
                    std::string route);

}  // namespace sg::audit

#endif  // STEPGUARD_AUDIT_TAINT_H_
