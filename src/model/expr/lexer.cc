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

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  LexResult Run() {
    while (pos_ < text_.size() && !result_.error) {
      start_ = pos_;
      char c = text_[pos_++];
      switch (c) {
        case '(':
          Add(TokenKind::kLParen);
          break;
        case ')':
          Add(TokenKind::kRParen);
          break;
        case '[':
          Add(TokenKind::kLBracket);
          break;
        case ']':
          Add(TokenKind::kRBracket);
          break;
        case ',':
          Add(TokenKind::kComma);
          break;
        case '*':
          Add(TokenKind::kStar);
          break;
        case '.':
          if (PrevIsPropertyable()) {
            Add(TokenKind::kDot);
          } else {
            Number();
          }
          break;
        case '-':
        case '+':
          Number();
          break;
        case '!':
          Add(Match('=') ? TokenKind::kNe : TokenKind::kNot);
          break;
        case '<':
          Add(Match('=') ? TokenKind::kLe : TokenKind::kLt);
          break;
        case '>':
          Add(Match('=') ? TokenKind::kGe : TokenKind::kGt);
          break;
        case '=':
          if (Match('=')) {
            Add(TokenKind::kEq);
          } else {
            Fail(start_, 1, "unexpected '='; the equality operator is '=='");
          }
          break;
        case '&':
          if (Match('&')) {
            Add(TokenKind::kAnd);
          } else {
            Fail(start_, 1, "unexpected '&'; the and operator is '&&'");
          }
          break;
        case '|':
          if (Match('|')) {
            Add(TokenKind::kOr);
          } else {
            Fail(start_, 1, "unexpected '|'; the or operator is '||'");
          }
          break;
        case '\'':
          String();
          break;
        default:
          if (IsSpace(c)) break;
          if (c >= '0' && c <= '9') {
            Number();
          } else {
            Word();
          }
      }
    }
    if (!result_.error) {
      Token end;
      end.kind = TokenKind::kEnd;
      end.offset = text_.size();
      result_.tokens.push_back(std::move(end));
    }
    return std::move(result_);
  }

 private:
  bool Match(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  TokenKind Prev() const {
    return result_.tokens.empty() ? TokenKind::kEnd
                                  : result_.tokens.back().kind;
  }

  // A '.' after these is a property dereference, otherwise it starts a
  // number such as `.5`.
  bool PrevIsPropertyable() const {
    TokenKind p = Prev();
    return p == TokenKind::kIdent || p == TokenKind::kRBracket ||
           p == TokenKind::kRParen || p == TokenKind::kStar;
  }

  Token& Add(TokenKind kind) {
    Token t;
    t.kind = kind;
    t.offset = start_;
    t.length = pos_ - start_;
    result_.tokens.push_back(std::move(t));
    return result_.tokens.back();
  }

  void Fail(size_t offset, size_t length, std::string message) {
    Diagnostic d;
    d.code = DiagCode::kSyntax;
    d.offset = offset;
    d.length = length;
    d.message = std::move(message);
    result_.error = std::move(d);
  }

  void Number() {
    while (pos_ < text_.size() &&
           (!IsBoundary(text_[pos_]) || text_[pos_] == '.')) {
      ++pos_;
    }
    std::string_view lexeme = text_.substr(start_, pos_ - start_);
    double v = ParseNumber(lexeme);
    // ParseNumber treats whitespace-only as 0; a lexeme never holds spaces,
    // but a lone sign ("-") must still be rejected.
    if (std::isnan(v)) {
      Fail(start_, lexeme.size(),
           "invalid number '" + std::string(lexeme) + "'");
      return;
    }
    Add(TokenKind::kNumber).number = v;
  }

  void String() {
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) {
        Fail(start_, text_.size() - start_, "unterminated string literal");
        return;
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
    Add(TokenKind::kString).text = std::move(value);
  }

  void Word() {
    while (pos_ < text_.size() && !IsBoundary(text_[pos_])) ++pos_;
    std::string_view lexeme = text_.substr(start_, pos_ - start_);
    bool after_dot = Prev() == TokenKind::kDot;
    if (!after_dot) {
      if (lexeme == "true") {
        Add(TokenKind::kTrue);
        return;
      }
      if (lexeme == "false") {
        Add(TokenKind::kFalse);
        return;
      }
      if (lexeme == "null") {
        Add(TokenKind::kNull);
        return;
      }
      if (lexeme == "NaN") {
        Add(TokenKind::kNumber).number = std::nan("");
        return;
      }
      if (lexeme == "Infinity") {
        Add(TokenKind::kNumber).number = HUGE_VAL;
        return;
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
      Fail(start_ + bad, lexeme.size() - bad, std::move(msg));
      return;
    }
    Add(TokenKind::kIdent).text = std::string(lexeme);
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t start_ = 0;
  LexResult result_;
};

}  // namespace

LexResult Lex(std::string_view text) { return Lexer(text).Run(); }

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
