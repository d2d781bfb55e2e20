// Abstract syntax tree of a GitHub Actions expression.
//
// One plain node type (no visitor hierarchy): `kind` says which fields are
// meaningful. Every node records `offset`/`length`, the byte span of its
// source text relative to the expression text given to Parse (parentheses
// around a sub-expression are not part of that sub-expression's span, but are
// part of any enclosing node's span). A tree owns its children; trees are
// bounded in depth by the parser, so recursive walks are safe.
#ifndef STEPGUARD_MODEL_EXPR_AST_H_
#define STEPGUARD_MODEL_EXPR_AST_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sg::expr {

enum class NodeKind {
  kNull,      // null
  kBool,      // true / false                       -> boolean
  kNumber,    // 711, -9.2, 0xff, 1e3, NaN          -> number
  kString,    // 'It''s'                            -> text (decoded)
  kVariable,  // github, env, matrix, ...            -> text (as written)
  kProperty,  // object.name                         -> children[0], text
  kIndex,     // object[index]                       -> children[0], [1]
  kFilter,    // object.* or object[*]               -> children[0]
  kNot,       // !operand                            -> children[0]
  kCompare,   // lhs op rhs (==, !=, <, <=, >, >=)   -> op, children[0], [1]
  kAnd,       // a && b && ... (n-ary, >= 2)         -> children
  kOr,        // a || b || ... (n-ary, >= 2)         -> children
  kCall,      // name(args...)                       -> text, children
};

enum class CompareOp { kEq, kNe, kLt, kLe, kGt, kGe };

struct Node {
  NodeKind kind = NodeKind::kNull;
  size_t offset = 0;  // byte offset in the expression text
  size_t length = 0;  // bytes

  bool boolean = false;           // kBool
  double number = 0;              // kNumber
  std::string text;               // kString value, kVariable/kCall name,
                                  // kProperty name (as written)
  CompareOp op = CompareOp::kEq;  // kCompare
  std::vector<std::unique_ptr<Node>> children;

  const Node& child(size_t i) const { return *children[i]; }
  bool IsLiteral() const {
    return kind == NodeKind::kNull || kind == NodeKind::kBool ||
           kind == NodeKind::kNumber || kind == NodeKind::kString;
  }
  // The source text of this node.
  std::string_view Source(std::string_view expression) const {
    return expression.substr(offset, length);
  }
};

using NodePtr = std::unique_ptr<Node>;

std::string_view NodeKindName(NodeKind kind);
std::string_view CompareOpName(CompareOp op);  // "==", "<=", ...

// Compact, fully parenthesised rendering for tests and debugging, e.g.
// `(|| (== github.event_name 'push') (! (call success)))`.
std::string DebugString(const Node& node);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_AST_H_
