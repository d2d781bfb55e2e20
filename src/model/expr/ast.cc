#include "model/expr/ast.h"

#include "model/expr/number.h"

namespace sg::expr {

std::string_view NodeKindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kBool:
      return "bool";
    case NodeKind::kNumber:
      return "number";
    case NodeKind::kString:
      return "string";
    case NodeKind::kVariable:
      return "variable";
    case NodeKind::kProperty:
      return "property";
    case NodeKind::kIndex:
      return "index";
    case NodeKind::kFilter:
      return "filter";
    case NodeKind::kNot:
      return "not";
    case NodeKind::kCompare:
      return "compare";
    case NodeKind::kAnd:
      return "and";
    case NodeKind::kOr:
      return "or";
    case NodeKind::kCall:
      return "call";
  }
  return "?";
}

std::string_view CompareOpName(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "==";
    case CompareOp::kNe:
      return "!=";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "?";
}

namespace {

void Render(const Node& n, std::string* out) {
  switch (n.kind) {
    case NodeKind::kNull:
      *out += "null";
      return;
    case NodeKind::kBool:
      *out += n.boolean ? "true" : "false";
      return;
    case NodeKind::kNumber:
      *out += FormatNumber(n.number);
      return;
    case NodeKind::kString:
      *out += '\'';
      for (char c : n.text) {
        if (c == '\'') *out += '\'';
        *out += c;
      }
      *out += '\'';
      return;
    case NodeKind::kVariable:
      *out += n.text;
      return;
    case NodeKind::kProperty:
      Render(n.child(0), out);
      *out += '.';
      *out += n.text;
      return;
    case NodeKind::kIndex:
      Render(n.child(0), out);
      *out += '[';
      Render(n.child(1), out);
      *out += ']';
      return;
    case NodeKind::kFilter:
      Render(n.child(0), out);
      *out += ".*";
      return;
    case NodeKind::kNot:
      *out += "(! ";
      Render(n.child(0), out);
      *out += ')';
      return;
    case NodeKind::kCompare:
    case NodeKind::kAnd:
    case NodeKind::kOr:
    case NodeKind::kCall: {
      *out += '(';
      if (n.kind == NodeKind::kCompare) {
        *out += CompareOpName(n.op);
      } else if (n.kind == NodeKind::kAnd) {
        *out += "&&";
      } else if (n.kind == NodeKind::kOr) {
        *out += "||";
      } else {
        *out += "call ";
        *out += n.text;
      }
      for (const auto& c : n.children) {
        *out += ' ';
        Render(*c, out);
      }
      *out += ')';
      return;
    }
  }
}

}  // namespace

std::string DebugString(const Node& node) {
  std::string out;
  Render(node, &out);
  return out;
}

}  // namespace sg::expr
