// Evaluation of expressions with GitHub's semantics, and constant folding.
//
// Semantics (GitHub's, as implemented by actions/languageservices and the
// runner):
// - `a && b` / `a || b` short-circuit and yield an operand's value, not a
//   boolean (`'' || 'x'` is 'x'); `!` and comparisons yield booleans.
// - Comparisons use LooseEquals/LooseLess (value.h); `<=`/`>=` are
//   equals-or-less/greater.
// - `.name` and `['name']` read an object member (case-insensitive) or null;
//   `[n]` reads an array element (n floored; out of range is null); `.*` /
//   `[*]` produce a "filtered array" of an object's values or an array's
//   elements, and a further access maps over it (`a.*.b` collects every
//   element's `b`, skipping absent ones).
// - Functions: contains/startsWith/endsWith are case-insensitive and coerce
//   primitives to strings; format() substitutes `{N}`; join() defaults to ','
//   and passes a primitive through as a string; toJSON() pretty-prints;
//   fromJSON() parses (an empty string is an error); case() evaluates
//   lazily, predicates must be booleans; hashFiles() and the status functions
//   ask the EvalContext.
#ifndef STEPGUARD_MODEL_EXPR_EVAL_H_
#define STEPGUARD_MODEL_EXPR_EVAL_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/expr/ast.h"
#include "model/expr/value.h"

namespace sg::expr {

enum class StatusFunction { kSuccess, kAlways, kCancelled, kFailure };

// What an expression can see at run time. Implementations must be usable
// from the evaluating thread only (no other requirement).
class EvalContext {
 public:
  virtual ~EvalContext() = default;
  // The value of top-level context `name` (as written in the expression;
  // match it ASCII case-insensitively). nullopt makes evaluation fail with
  // "unknown context"; return a null Value for a known but empty context.
  virtual std::optional<Value> LookupContext(std::string_view name) const = 0;
  // success()/always()/cancelled()/failure(). Default: kUnavailable error.
  virtual Result<bool> EvalStatusFunction(StatusFunction fn) const;
  // hashFiles(patterns...): the hash string. Default: kUnavailable error.
  virtual Result<std::string> HashFiles(
      const std::vector<std::string>& patterns) const;
};

// An EvalContext backed by an object whose members are the contexts, with
// a settable job status and an optional hashFiles hook. For tests and for
// callers that have the data in memory.
class MapEvalContext : public EvalContext {
 public:
  MapEvalContext() = default;
  // `contexts` must be an object (e.g. from ParseJson) or it is ignored.
  explicit MapEvalContext(Value contexts);

  // Adds or replaces one context.
  void Set(std::string name, Value value);
  // "success" (default), "failure" or "cancelled": drives the status
  // functions like the runner (success() is status==success, failure() is
  // status==failure, cancelled() is status==cancelled, always() is true).
  void SetJobStatus(std::string status) { job_status_ = std::move(status); }
  using HashFilesFn =
      std::function<Result<std::string>(const std::vector<std::string>&)>;
  void SetHashFiles(HashFilesFn fn) { hash_files_ = std::move(fn); }

  std::optional<Value> LookupContext(std::string_view name) const override;
  Result<bool> EvalStatusFunction(StatusFunction fn) const override;
  Result<std::string> HashFiles(
      const std::vector<std::string>& patterns) const override;

 private:
  std::vector<std::pair<std::string, Value>> contexts_;
  std::string job_status_ = "success";
  HashFilesFn hash_files_;
};

// Evaluates `root`. Errors (kInvalidInput: bad format string, fromJSON
// failure, non-boolean case() predicate, unknown function or context;
// kUnavailable: a hook the context does not provide) never contain context
// values.
Result<Value> Evaluate(const Node& root, const EvalContext& context);

// Folds `root` to a constant when its value does not depend on any context,
// status function or hashFiles(): literals and functions of literals fold
// (`format('{0}', 1)`, `fromJSON('[1]')`), and short-circuiting is honoured
// left to right, so `true || github.x` folds to true and `false && x` to false
// while `github.x || true` does not fold (its value is github.x when truthy).
// case() folds when the predicates it actually evaluates are constant.
// Expressions that would fail to evaluate do not fold (nullopt).
std::optional<Value> FoldConstant(const Node& root);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_EVAL_H_
