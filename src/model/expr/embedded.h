// Finding `${{ ... }}` expressions embedded in arbitrary strings (YAML
// scalars such as `run:` scripts, `with:` values, `name:`).
#ifndef STEPGUARD_MODEL_EXPR_EMBEDDED_H_
#define STEPGUARD_MODEL_EXPR_EMBEDDED_H_

#include <string_view>
#include <vector>

#include "model/expr/diagnostic.h"

namespace sg::expr {

// One `${{ ... }}` occurrence. All offsets are bytes into the scanned text.
struct Embedded {
  size_t begin = 0;         // offset of "${{"
  size_t end = 0;           // offset just past "}}"
  size_t inner_offset = 0;  // offset just past "${{"
  size_t inner_length = 0;  // bytes between "${{" and "}}"

  // The text between the delimiters (untrimmed). Offsets of a Parse() of
  // this text are relative to inner_offset.
  std::string_view Inner(std::string_view text) const {
    return text.substr(inner_offset, inner_length);
  }
};

// Returns every `${{ ... }}` in `text`, left to right, without overlap. The
// closing `}}` is the first one outside a single-quoted string literal
// (`''` inside a literal is an escaped quote), as GitHub's template reader
// does, so `${{ format('{{0}}', x) }}` is one expression. An unterminated
// `${{` (no closing `}}`, or a string literal left open) adds a
// kUnterminated diagnostic at its offset to `*errors` (when non-null) and
// ends the scan. Linear in the text size.
std::vector<Embedded> ExtractEmbedded(std::string_view text,
                                      std::vector<Diagnostic>* errors);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_EMBEDDED_H_
