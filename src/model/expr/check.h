// Static checks of a parsed expression: unknown functions, wrong arity,
// context-dependent functions used where they are unavailable, unknown or
// unavailable top-level contexts, and format()/case()/fromJSON() arguments
// that are literals and provably wrong.
#ifndef STEPGUARD_MODEL_EXPR_CHECK_H_
#define STEPGUARD_MODEL_EXPR_CHECK_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/expr/ast.h"
#include "model/expr/diagnostic.h"
#include "model/expr/parser.h"

namespace sg::expr {

// The twelve top-level contexts GitHub defines (lower-case): github, env,
// vars, job, jobs, steps, runner, secrets, strategy, matrix, needs, inputs.
const std::vector<std::string>& KnownContexts();
bool IsKnownContext(std::string_view name);  // ASCII case-insensitive

struct CheckOptions {
  // Contexts available where the expression appears (any case). nullopt:
  // all KnownContexts(). A known context outside this set is reported as
  // kContextNotAllowed; a name outside KnownContexts() as kUnknownContext.
  std::optional<std::vector<std::string>> allowed_contexts;
  // Context-dependent functions available here (hashFiles, success, always,
  // cancelled, failure; any case). nullopt: all of them.
  std::optional<std::vector<std::string>> allowed_functions;
  // Report expressions longer than GitHub's 21,000-character limit.
  size_t max_length = 21000;
};

// Checks `root` (parsed from `expression`, which is used for the length check
// only and may be empty). Diagnostics come in source order of their nodes;
// offsets are relative to the expression text.
std::vector<Diagnostic> Check(const Node& root,
                              const CheckOptions& options = {},
                              std::string_view expression = {});

// True when the expression calls success(), always(), cancelled() or
// failure() anywhere. GitHub wraps an `if:` without one in `success() &&
// (...)`, so `if: always() && ...` runs even after a failed step while a plain
// `if: github.x` does not.
bool CallsStatusFunction(const Node& root);

// Parse + Check in one call: a syntax error is the only diagnostic then.
std::vector<Diagnostic> CheckExpression(std::string_view expression,
                                        const CheckOptions& options = {},
                                        const ParseOptions& parse = {});

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_CHECK_H_
