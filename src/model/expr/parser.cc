#include "model/expr/parser.h"

#include <algorithm>
#include <utility>

#include "model/expr/lexer.h"

namespace sg::expr {
namespace {

// A parsed sub-expression with its height and its source extent (which, for a
// parenthesised expression, includes the parentheses).
struct Parsed {
  NodePtr node;
  int height = 0;
  size_t begin = 0;
  size_t end = 0;
};

class Parser {
 public:
  Parser(std::string_view text, int max_depth)
      : text_(text), lexer_(text), max_depth_(max_depth) {
    Advance();
  }

  ParseResult Run() {
    ParseResult result;
    if (error_) {
      // A lexical error in the first token.
    } else if (Peek().kind == TokenKind::kEnd) {
      Fail(DiagCode::kSyntax, 0, text_.size(), "empty expression");
    } else {
      Parsed p = Expression();
      if (!error_ && Peek().kind != TokenKind::kEnd) {
        UnexpectedToken("end of expression");
      }
      if (!error_) result.root = std::move(p.node);
    }
    result.error = std::move(error_);
    return result;
  }

 private:
  // One token of lookahead; the lexer runs on demand.
  const Token& Peek() const { return cur_; }
  Token Next() {
    Token t = std::move(cur_);
    Advance();
    return t;
  }
  void Advance() {
    cur_ = lexer_.Next();
    if (lexer_.error() && !error_) error_ = lexer_.error();
  }
  bool Check(TokenKind k) const { return Peek().kind == k; }
  bool Match(TokenKind k) {
    if (!Check(k)) return false;
    Next();
    return true;
  }

  void Fail(DiagCode code, size_t offset, size_t length, std::string msg) {
    if (error_) return;
    Diagnostic d;
    d.code = code;
    d.offset = offset;
    d.length = length;
    d.message = std::move(msg);
    error_ = std::move(d);
  }

  void UnexpectedToken(std::string_view expected) {
    const Token& t = Peek();
    std::string msg = "unexpected ";
    if (t.kind == TokenKind::kEnd) {
      msg += "end of expression";
    } else {
      msg += TokenKindName(t.kind);
      if (t.kind == TokenKind::kIdent || t.kind == TokenKind::kNumber ||
          t.kind == TokenKind::kString) {
        msg += " '" + std::string(text_.substr(t.offset, t.length)) + "'";
      }
    }
    msg += ", expected ";
    msg += expected;
    Fail(DiagCode::kSyntax, t.offset, t.length, std::move(msg));
  }

  // Guards recursion; returns false (with an error) past the limit.
  bool Enter() {
    if (++depth_ > max_depth_) {
      const Token& t = Peek();
      Fail(DiagCode::kTooDeep, t.offset, t.length,
           "expression nested too deeply (limit " + std::to_string(max_depth_) +
               ")");
      return false;
    }
    return true;
  }
  void Leave() { --depth_; }

  bool CheckHeight(int height, size_t offset) {
    if (height > max_depth_) {
      Fail(DiagCode::kTooDeep, offset, 0,
           "expression nested too deeply (limit " + std::to_string(max_depth_) +
               ")");
      return false;
    }
    return true;
  }

  NodePtr MakeNode(NodeKind kind, size_t begin, size_t end) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->offset = begin;
    n->length = end - begin;
    return n;
  }

  Parsed Expression() {
    if (!Enter()) return {};
    Parsed p = Logical(TokenKind::kOr);
    Leave();
    return p;
  }

  // Or (of Ands) and And (of equalities) share this n-ary loop.
  Parsed Logical(TokenKind op) {
    auto operand = [&]() {
      return op == TokenKind::kOr ? Logical(TokenKind::kAnd) : Equality();
    };
    Parsed first = operand();
    if (error_ || !Check(op)) return first;
    Parsed result;
    result.node =
        MakeNode(op == TokenKind::kOr ? NodeKind::kOr : NodeKind::kAnd,
                 first.begin, first.end);
    result.begin = first.begin;
    int height = first.height;
    result.node->children.push_back(std::move(first.node));
    while (Match(op)) {
      Parsed next = operand();
      if (error_) return {};
      height = std::max(height, next.height);
      result.end = next.end;
      result.node->children.push_back(std::move(next.node));
    }
    result.height = height + 1;
    result.node->length = result.end - result.begin;
    if (!CheckHeight(result.height, result.begin)) return {};
    return result;
  }

  Parsed Binary(Parsed lhs, CompareOp op, Parsed rhs) {
    Parsed r;
    r.begin = lhs.begin;
    r.end = rhs.end;
    r.height = std::max(lhs.height, rhs.height) + 1;
    r.node = MakeNode(NodeKind::kCompare, r.begin, r.end);
    r.node->op = op;
    r.node->children.push_back(std::move(lhs.node));
    r.node->children.push_back(std::move(rhs.node));
    if (!CheckHeight(r.height, r.begin)) return {};
    return r;
  }

  Parsed Equality() {
    Parsed lhs = Comparison();
    while (!error_ && (Check(TokenKind::kEq) || Check(TokenKind::kNe))) {
      CompareOp op =
          Next().kind == TokenKind::kEq ? CompareOp::kEq : CompareOp::kNe;
      Parsed rhs = Comparison();
      if (error_) return {};
      lhs = Binary(std::move(lhs), op, std::move(rhs));
    }
    return lhs;
  }

  Parsed Comparison() {
    Parsed lhs = Unary();
    while (!error_) {
      CompareOp op;
      switch (Peek().kind) {
        case TokenKind::kLt:
          op = CompareOp::kLt;
          break;
        case TokenKind::kLe:
          op = CompareOp::kLe;
          break;
        case TokenKind::kGt:
          op = CompareOp::kGt;
          break;
        case TokenKind::kGe:
          op = CompareOp::kGe;
          break;
        default:
          return lhs;
      }
      Next();
      Parsed rhs = Unary();
      if (error_) return {};
      lhs = Binary(std::move(lhs), op, std::move(rhs));
    }
    return lhs;
  }

  Parsed Unary() {
    if (!Check(TokenKind::kNot)) return Postfix();
    size_t begin = Next().offset;
    if (!Enter()) return {};
    Parsed operand = Unary();
    Leave();
    if (error_) return {};
    Parsed r;
    r.begin = begin;
    r.end = operand.end;
    r.height = operand.height + 1;
    r.node = MakeNode(NodeKind::kNot, begin, r.end);
    r.node->children.push_back(std::move(operand.node));
    if (!CheckHeight(r.height, begin)) return {};
    return r;
  }

  Parsed Postfix() {
    bool accessible = false;
    Parsed base = Primary(&accessible);
    if (error_ || !accessible) return base;
    while (true) {
      if (Match(TokenKind::kDot)) {
        Parsed r;
        r.begin = base.begin;
        if (Check(TokenKind::kIdent)) {
          Token t = Next();
          r.end = t.offset + t.length;
          r.node = MakeNode(NodeKind::kProperty, r.begin, r.end);
          r.node->text = std::move(t.text);
        } else if (Check(TokenKind::kStar)) {
          Token t = Next();
          r.end = t.offset + t.length;
          r.node = MakeNode(NodeKind::kFilter, r.begin, r.end);
        } else {
          UnexpectedToken("property name or '*' after '.'");
          return {};
        }
        r.height = base.height + 1;
        r.node->children.push_back(std::move(base.node));
        if (!CheckHeight(r.height, r.begin)) return {};
        base = std::move(r);
      } else if (Check(TokenKind::kLBracket)) {
        Next();
        Parsed r;
        r.begin = base.begin;
        if (Match(TokenKind::kStar)) {
          r.node = MakeNode(NodeKind::kFilter, r.begin, r.begin);
          r.height = base.height + 1;
          r.node->children.push_back(std::move(base.node));
        } else {
          if (Check(TokenKind::kRBracket)) {
            UnexpectedToken("index expression");
            return {};
          }
          Parsed index = Expression();
          if (error_) return {};
          r.node = MakeNode(NodeKind::kIndex, r.begin, r.begin);
          r.height = std::max(base.height, index.height) + 1;
          r.node->children.push_back(std::move(base.node));
          r.node->children.push_back(std::move(index.node));
        }
        if (!Check(TokenKind::kRBracket)) {
          UnexpectedToken("']'");
          return {};
        }
        Token close = Next();
        r.end = close.offset + close.length;
        r.node->length = r.end - r.begin;
        if (!CheckHeight(r.height, r.begin)) return {};
        base = std::move(r);
      } else {
        return base;
      }
    }
  }

  Parsed Leaf(NodeKind kind, const Token& t) {
    Parsed r;
    r.begin = t.offset;
    r.end = t.offset + t.length;
    r.height = 1;
    r.node = MakeNode(kind, r.begin, r.end);
    return r;
  }

  Parsed Primary(bool* accessible) {
    if (error_) return {};
    switch (Peek().kind) {
      case TokenKind::kNull:
        return Leaf(NodeKind::kNull, Next());
      case TokenKind::kTrue:
      case TokenKind::kFalse: {
        Token t = Next();
        Parsed r = Leaf(NodeKind::kBool, t);
        r.node->boolean = t.kind == TokenKind::kTrue;
        return r;
      }
      case TokenKind::kNumber: {
        Token t = Next();
        Parsed r = Leaf(NodeKind::kNumber, t);
        r.node->number = t.number;
        return r;
      }
      case TokenKind::kString: {
        Token t = Next();
        Parsed r = Leaf(NodeKind::kString, t);
        r.node->text = std::move(t.text);
        return r;
      }
      case TokenKind::kIdent: {
        Token t = Next();
        *accessible = true;
        if (!Check(TokenKind::kLParen)) {
          Parsed r = Leaf(NodeKind::kVariable, t);
          r.node->text = std::move(t.text);
          return r;
        }
        return Call(std::move(t));
      }
      case TokenKind::kLParen: {
        Token t = Next();
        *accessible = true;
        Parsed inner = Expression();
        if (error_) return {};
        if (!Check(TokenKind::kRParen)) {
          UnexpectedToken("')'");
          return {};
        }
        Token close = Next();
        inner.begin = t.offset;
        inner.end = close.offset + close.length;
        return inner;
      }
      default:
        UnexpectedToken("an operand");
        return {};
    }
  }

  Parsed Call(Token name) {
    Next();  // '('
    Parsed r;
    r.begin = name.offset;
    r.node = MakeNode(NodeKind::kCall, r.begin, r.begin);
    r.node->text = std::move(name.text);
    int height = 0;
    if (!Check(TokenKind::kRParen)) {
      while (true) {
        Parsed arg = Expression();
        if (error_) return {};
        height = std::max(height, arg.height);
        r.node->children.push_back(std::move(arg.node));
        if (Match(TokenKind::kComma)) continue;
        if (Check(TokenKind::kRParen)) break;
        UnexpectedToken("',' or ')'");
        return {};
      }
    }
    Token close = Next();
    r.end = close.offset + close.length;
    r.node->length = r.end - r.begin;
    r.height = height + 1;
    if (!CheckHeight(r.height, r.begin)) return {};
    return r;
  }

  std::string_view text_;
  Lexer lexer_;
  Token cur_;
  int depth_ = 0;
  int max_depth_;
  std::optional<Diagnostic> error_;
};

}  // namespace

ParseResult Parse(std::string_view text, const ParseOptions& options) {
  return Parser(text, options.max_depth).Run();
}

}  // namespace sg::expr
