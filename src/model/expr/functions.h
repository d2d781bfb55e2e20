// The built-in function table of the expression language and format-string
// analysis shared by the checker and the evaluator.
#ifndef STEPGUARD_MODEL_EXPR_FUNCTIONS_H_
#define STEPGUARD_MODEL_EXPR_FUNCTIONS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sg::expr {

enum class Function {
  kContains,
  kStartsWith,
  kEndsWith,
  kFormat,
  kJoin,
  kToJson,
  kFromJson,
  kHashFiles,
  kCase,
  kSuccess,
  kAlways,
  kCancelled,
  kFailure,
};

struct FunctionInfo {
  Function id;
  std::string_view name;  // canonical spelling, e.g. "startsWith"
  int min_args;
  int max_args;  // -1: unbounded
  // Available only in some workflow keys (status functions in `if:`,
  // hashFiles in steps); callers restrict them through CheckOptions.
  bool context_dependent;
};

// Looks a function up by name, ASCII case-insensitively (GitHub's rule).
const FunctionInfo* FindFunction(std::string_view name);
// Every built-in function, in a stable order.
const std::vector<FunctionInfo>& AllFunctions();

// One piece of a parsed format() string.
struct FormatSegment {
  bool is_placeholder = false;
  std::string literal;   // text with `{{`/`}}` unescaped (when !is_placeholder)
  size_t arg_index = 0;  // 0-based placeholder number (when is_placeholder)
  size_t offset = 0;     // byte offset of the segment in the format string
  size_t length = 0;
};

struct FormatParse {
  std::vector<FormatSegment> segments;
  // First error (unbalanced brace or malformed placeholder) and where.
  std::optional<std::string> error;
  size_t error_offset = 0;
  // Highest placeholder number + 1 (0 when there are none).
  size_t required_args = 0;
};

// Parses a format() string the way GitHub does: `{N}` is a placeholder (N
// decimal digits), `{{` and `}}` are literal braces, any other brace is an
// error.
FormatParse ParseFormatString(std::string_view format);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_FUNCTIONS_H_
