// Context references in an expression, for taint analysis (template
// injection, agent prompt injection) and for `if:` analysis.
#ifndef STEPGUARD_MODEL_EXPR_TAINT_H_
#define STEPGUARD_MODEL_EXPR_TAINT_H_

#include <string>
#include <vector>

#include "model/expr/ast.h"

namespace sg::expr {

// A reference to (part of) a context, e.g. `github.event.issue.title`.
//
// `path` is normalised, lower-case (GitHub's lookups are case-insensitive):
// - the context name and `.name` properties: `github.event.issue.title`;
// - a string-literal index is a property: `github.event['issue']` ->
//   `github.event.issue` (a key that is not an identifier keeps bracket form
//   with single quotes: `env['a b']`);
// - a numeric-literal index: `[0]` (floored; negative or non-finite: `[*]`);
// - a dynamic index (any non-literal): `[*]`;
// - a filter (`.*` or `[*]` in the source): `.*`.
struct ContextRef {
  std::string path;
  size_t offset = 0;  // span of the whole access chain in the expression
  size_t length = 0;
  // The value reached the result only through toJSON()/fromJSON() (so it is
  // JSON-encoded, or only part of its parsed content flows).
  bool via_json = false;
  // The outermost node of the access chain (owned by the tree).
  const Node* node = nullptr;
};

// The context references whose value, or part of it, can appear in the
// expression's result (i.e. in the string substituted for `${{ }}`):
// - a context access chain: itself;
// - `a || b || c`: the union; `a && b && c`: only the last operand (the
//   others flow only when falsy, and falsy values carry no text);
// - `!`, comparisons, contains/startsWith/endsWith, hashFiles and the status
//   functions: nothing (boolean or hash results);
// - format(): the format string and the arguments it references (all of
//   them when the format string is not a literal); join(): both arguments;
//   toJSON()/fromJSON(): the argument, marked via_json;
// - case(): the value arguments and the default, not the predicates;
// - an unknown function: every argument (conservative);
// - an access on a computed value, e.g. `(a || b).title`: each flowing
//   reference of the base extended by the access (`a.title`, `b.title`);
//   via_json references are not extended (their path names the JSON text).
// Index expressions never flow (they select, they are not returned).
// Order: source order; duplicates (same path and span) are removed.
std::vector<ContextRef> FlowingContexts(const Node& root);

// Every context reference anywhere in the expression (including predicates,
// comparison operands and index expressions), in source order. via_json is
// false for all of them.
std::vector<ContextRef> AllContexts(const Node& root);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_TAINT_H_
