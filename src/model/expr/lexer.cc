#include "model/expr/lexer.h"

#include <cmath>

#include "model/expr/number.h"

namespace sg::expr {
namespace {

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

// Characters that end an identifier or number (GitHub's boundary set).
bool IsBoundary(char c) {
  switch (c) {
    case '(':
    case ')':
    case '[':
    case ']':
    case ',':
    case '.':
    case '!':
    case '<':
    case '>':
    case '=':
    case '&':
    case '|':
      return true;
    default:
      return IsSpace(c);
  }
}

bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool IsIdentChar(char c) {
  return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '-';
}

bool IsLegalIdentifier(std::string_view s) {
  if (s.empty() || !IsIdentStart(s[0])) return false;
  for (char c : s.substr(1)) {
    if (!IsIdentChar(c)) return false;
  }
  return true;
}

}  // namespace

Token Lexer::Next() {
  Token t = [&]() -> Token {
    if (error_) return Make(TokenKind::kEnd);
    while (pos_ < text_.size()) {
      start_ = pos_;
      char c = text_[pos_++];
      switch (c) {
        case '(':
          return Make(TokenKind::kLParen);
        case ')':
          return Make(TokenKind::kRParen);
        case '[':
          return Make(TokenKind::kLBracket);
        case ']':
          return Make(TokenKind::kRBracket);
        case ',':
          return Make(TokenKind::kComma);
        case '*':
          return Make(TokenKind::kStar);
        case '.':
          return PrevIsPropertyable() ? Make(TokenKind::kDot) : Number();
        case '-':
        case '+':
          return Number();
        case '!':
          return Make(Match('=') ? TokenKind::kNe : TokenKind::kNot);
        case '<':
          return Make(Match('=') ? TokenKind::kLe : TokenKind::kLt);
        case '>':
          return Make(Match('=') ? TokenKind::kGe : TokenKind::kGt);
        case '=':
          if (Match('=')) return Make(TokenKind::kEq);
          return Fail(start_, 1,
                      "unexpected '='; the equality operator is '=='");
        case '&':
          if (Match('&')) return Make(TokenKind::kAnd);
          return Fail(start_, 1, "unexpected '&'; the and operator is '&&'");
        case '|':
          if (Match('|')) return Make(TokenKind::kOr);
          return Fail(start_, 1, "unexpected '|'; the or operator is '||'");
        case '\'':
          return String();
        default:
          if (IsSpace(c)) continue;
          if (c >= '0' && c <= '9') return Number();
          return Word();
      }
    }
    start_ = pos_ = text_.size();
    return Make(TokenKind::kEnd);
  }();
  prev_ = t.kind;
  return t;
}

bool Lexer::Match(char c) {
  if (pos_ < text_.size() && text_[pos_] == c) {
    ++pos_;
    return true;
  }
  return false;
}

// A '.' after these is a property dereference, otherwise it starts a number
// such as `.5`.
bool Lexer::PrevIsPropertyable() const {
  return prev_ == TokenKind::kIdent || prev_ == TokenKind::kRBracket ||
         prev_ == TokenKind::kRParen || prev_ == TokenKind::kStar;
}

Token Lexer::Make(TokenKind kind) const {
  Token t;
  t.kind = kind;
  t.offset = kind == TokenKind::kEnd ? text_.size() : start_;
  t.length = kind == TokenKind::kEnd ? 0 : pos_ - start_;
  return t;
}

Token Lexer::Fail(size_t offset, size_t length, std::string message) {
  Diagnostic d;
  d.code = DiagCode::kSyntax;
  d.offset = offset;
  d.length = length;
  d.message = std::move(message);
  error_ = std::move(d);
  return Make(TokenKind::kEnd);
}

Token Lexer::Number() {
  while (pos_ < text_.size() &&
         (!IsBoundary(text_[pos_]) || text_[pos_] == '.')) {
    ++pos_;
  }
  std::string_view lexeme = text_.substr(start_, pos_ - start_);
  double v = ParseNumber(lexeme);
  if (std::isnan(v)) {
    return Fail(start_, lexeme.size(),
                "invalid number '" + std::string(lexeme) + "'");
  }
  Token t = Make(TokenKind::kNumber);
  t.number = v;
  return t;
}

Token Lexer::String() {
  std::string value;
  while (true) {
    if (pos_ >= text_.size()) {
      return Fail(start_, text_.size() - start_, "unterminated string literal");
    }
    char c = text_[pos_++];
    if (c == '\'') {
      if (pos_ < text_.size() && text_[pos_] == '\'') {
        value += '\'';
        ++pos_;
        continue;
      }
      break;
    }
    value += c;
  }
  Token t = Make(TokenKind::kString);
  t.text = std::move(value);
  return t;
}

Token Lexer::Word() {
  while (pos_ < text_.size() && !IsBoundary(text_[pos_])) ++pos_;
  std::string_view lexeme = text_.substr(start_, pos_ - start_);
  if (prev_ != TokenKind::kDot) {
    if (lexeme == "true") return Make(TokenKind::kTrue);
    if (lexeme == "false") return Make(TokenKind::kFalse);
    if (lexeme == "null") return Make(TokenKind::kNull);
    if (lexeme == "NaN" || lexeme == "Infinity") {
      Token t = Make(TokenKind::kNumber);
      t.number = lexeme == "NaN" ? std::nan("") : HUGE_VAL;
      return t;
    }
  }
  if (!IsLegalIdentifier(lexeme)) {
    std::string msg = "unexpected symbol '" + std::string(lexeme) + "'";
    if (!lexeme.empty() && lexeme[0] == '"') {
      msg += "; strings use single quotes";
    }
    // Point at the first offending character for precise carets.
    size_t bad = 0;
    if (!lexeme.empty() && IsIdentStart(lexeme[0])) {
      bad = 1;
      while (bad < lexeme.size() && IsIdentChar(lexeme[bad])) ++bad;
    }
    return Fail(start_ + bad, lexeme.size() - bad, std::move(msg));
  }
  Token t = Make(TokenKind::kIdent);
  t.text = std::string(lexeme);
  return t;
}

LexResult Lex(std::string_view text) {
  LexResult result;
  Lexer lexer(text);
  while (true) {
    Token t = lexer.Next();
    if (lexer.error()) {
      result.error = lexer.error();
      return result;
    }
    bool end = t.kind == TokenKind::kEnd;
    result.tokens.push_back(std::move(t));
    if (end) return result;
  }
}

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kLBracket:
      return "'['";
    case TokenKind::kRBracket:
      return "']'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kDot:
      return "'.'";
    case TokenKind::kStar:
      return "'*'";
    case TokenKind::kNot:
      return "'!'";
    case TokenKind::kEq:
      return "'=='";
    case TokenKind::kNe:
      return "'!='";
    case TokenKind::kLt:
      return "'<'";
    case TokenKind::kLe:
      return "'<='";
    case TokenKind::kGt:
      return "'>'";
    case TokenKind::kGe:
      return "'>='";
    case TokenKind::kAnd:
      return "'&&'";
    case TokenKind::kOr:
      return "'||'";
    case TokenKind::kNumber:
      return "number";
    case TokenKind::kString:
      return "string";
    case TokenKind::kIdent:
      return "identifier";
    case TokenKind::kTrue:
      return "'true'";
    case TokenKind::kFalse:
      return "'false'";
    case TokenKind::kNull:
      return "'null'";
    case TokenKind::kEnd:
      return "end of expression";
  }
  return "token";
}

}  // namespace sg::expr
