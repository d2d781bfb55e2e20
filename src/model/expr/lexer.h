// Lexer for the GitHub Actions expression language (the text between `${{`
// and `}}`, or a whole `if:` condition).
//
// Follows GitHub's own lexer (actions/languageservices): whitespace separates
// tokens; identifiers start with a letter or `_` and continue with letters,
// digits, `_` and `-` (so `steps.my-step.outputs.x` is IDENT . IDENT . ...);
// numbers start with a digit, `-`, `+` or a `.` that does not follow a
// property-able token, and run to the next boundary character, then are
// parsed with JavaScript `Number()` rules (decimal, exponent, `0x`/`0o`/`0b`);
// `NaN` and `Infinity` are number literals; `true`/`false`/`null` are
// keywords (case-sensitive) except directly after `.` (so `a.true` is a
// property); strings use single quotes with `''` as the only escape.
#ifndef STEPGUARD_MODEL_EXPR_LEXER_H_
#define STEPGUARD_MODEL_EXPR_LEXER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/expr/diagnostic.h"

namespace sg::expr {

enum class TokenKind {
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kStar,
  kNot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
  kNumber,
  kString,
  kIdent,
  kTrue,
  kFalse,
  kNull,
  kEnd,  // always the last token; offset == text size, length 0
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  size_t offset = 0;  // byte offset in the expression text
  size_t length = 0;  // bytes of source text (quotes included for strings)
  double number = 0;  // kNumber: the value
  std::string text;   // kString: decoded value; kIdent: the identifier
};

struct LexResult {
  std::vector<Token> tokens;        // ends with kEnd when !error
  std::optional<Diagnostic> error;  // first error; tokens are partial then
  bool ok() const { return !error.has_value(); }
};

// Tokenises `text`. Linear in the text size. Never throws.
LexResult Lex(std::string_view text);

// Incremental form used by the parser, so that input rejected early (e.g.
// nested too deeply) is never tokenised in full. Next() returns tokens in
// order, then kEnd forever; after an error, error() is set and Next()
// returns kEnd. `text` must outlive the lexer.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  Token Next();
  const std::optional<Diagnostic>& error() const { return error_; }

 private:
  bool Match(char c);
  bool PrevIsPropertyable() const;
  Token Make(TokenKind kind) const;
  Token Fail(size_t offset, size_t length, std::string message);
  Token Number();
  Token String();
  Token Word();

  std::string_view text_;
  size_t pos_ = 0;
  size_t start_ = 0;
  TokenKind prev_ = TokenKind::kEnd;  // kind of the last token returned
  std::optional<Diagnostic> error_;
};

// "(" / "&&" / "identifier" ...: a short description for error messages.
std::string_view TokenKindName(TokenKind kind);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_LEXER_H_
