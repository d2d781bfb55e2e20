// Diagnostics produced by the expression lexer, parser, checker and the
// `${{ }}` extractor. Offsets are byte offsets relative to the text that was
// handed to the function that produced the diagnostic (the expression text for
// Lex/Parse/Check, the whole scalar for ExtractEmbedded); callers map them to
// file positions. Messages never quote context values (they may be secrets);
// they may quote the expression source text, which is workflow text.
#ifndef STEPGUARD_MODEL_EXPR_DIAGNOSTIC_H_
#define STEPGUARD_MODEL_EXPR_DIAGNOSTIC_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace sg::expr {

enum class DiagCode {
  kSyntax,              // lexer or parser error
  kTooDeep,             // nesting beyond ParseOptions::max_depth
  kUnterminated,        // `${{` without a matching `}}`
  kUnknownFunction,     // function name not in the function table
  kArity,               // wrong number of arguments
  kFunctionNotAllowed,  // known function unavailable here (e.g. hashFiles)
  kUnknownContext,      // top-level name that is not a GitHub context
  kContextNotAllowed,   // known context unavailable here (CheckOptions)
  kFormat,              // bad format() string / placeholder vs arg count
  kType,                // an argument whose type is always wrong (literal)
  kTooLong,             // expression longer than GitHub accepts
};

enum class DiagSeverity { kError, kWarning };

struct Diagnostic {
  DiagCode code = DiagCode::kSyntax;
  DiagSeverity severity = DiagSeverity::kError;
  size_t offset = 0;  // byte offset of the offending text
  size_t length = 0;  // bytes covered (0 when pointing between characters)
  std::string message;
};

// Stable kebab-case name of a code ("unknown-function"), for tests and output.
std::string_view DiagCodeName(DiagCode code);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_DIAGNOSTIC_H_
