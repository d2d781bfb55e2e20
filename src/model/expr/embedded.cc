#include "model/expr/embedded.h"

namespace sg::expr {

std::vector<Embedded> ExtractEmbedded(std::string_view text,
                                      std::vector<Diagnostic>* errors) {
  std::vector<Embedded> out;
  size_t pos = 0;
  while (true) {
    size_t start = text.find("${{", pos);
    if (start == std::string_view::npos) return out;
    size_t i = start + 3;
    bool in_string = false;
    size_t close = std::string_view::npos;
    while (i < text.size()) {
      char c = text[i];
      if (c == '\'') {
        // `''` inside a literal toggles twice, which is exactly an escape.
        in_string = !in_string;
      } else if (!in_string && c == '}' && i + 1 < text.size() &&
                 text[i + 1] == '}') {
        close = i;
        break;
      }
      ++i;
    }
    if (close == std::string_view::npos) {
      if (errors) {
        Diagnostic d;
        d.code = DiagCode::kUnterminated;
        d.offset = start;
        d.length = 3;
        d.message = in_string
                        ? "'${{' is not closed: a string literal inside it "
                          "is never terminated"
                        : "'${{' is not closed by '}}'";
        errors->push_back(std::move(d));
      }
      return out;
    }
    Embedded e;
    e.begin = start;
    e.inner_offset = start + 3;
    e.inner_length = close - e.inner_offset;
    e.end = close + 2;
    out.push_back(e);
    pos = e.end;
  }
}

}  // namespace sg::expr
