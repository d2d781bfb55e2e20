// Parser: expression text -> AST (see ast.h), with GitHub's precedence
// (highest first): `( )`, `[ ] .`, `!`, `< <= > >=`, `== !=`, `&&`, `||`.
// Comparison operators associate left (`3 < 2 < 1` is `(3 < 2) < 1`); `&&`
// and `||` chains become one n-ary node. Property/index/filter access applies
// only to a context name, a function call or a parenthesised expression, as on
// GitHub.
#ifndef STEPGUARD_MODEL_EXPR_PARSER_H_
#define STEPGUARD_MODEL_EXPR_PARSER_H_

#include <optional>
#include <string_view>

#include "model/expr/ast.h"
#include "model/expr/diagnostic.h"

namespace sg::expr {

struct ParseOptions {
  // Maximum nesting: bounds both the parser's recursion (parentheses, `!`,
  // call arguments, index expressions) and the height of the resulting tree,
  // so deeply nested or adversarial input fails with kTooDeep instead of
  // exhausting the stack, and every recursive walk over an AST is safe.
  // GitHub itself rejects expressions nested beyond 50 levels (counted its
  // own way); 100 leaves headroom so we never reject what GitHub accepts.
  int max_depth = 100;
};

struct ParseResult {
  NodePtr root;                     // null when `error` is set
  std::optional<Diagnostic> error;  // first lexical or syntax error
  bool ok() const { return root != nullptr; }
};

// Parses one expression (the text inside `${{ }}`, or an `if:` condition
// without the braces). Time and memory are linear in the text size.
// Syntax only: unknown functions/contexts are reported by Check (check.h).
ParseResult Parse(std::string_view text, const ParseOptions& options = {});

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_PARSER_H_
