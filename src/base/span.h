// Source positions. Lines and columns are 1-based; a column counts bytes
// (as GitHub's own annotations and SARIF with "columnKind": "utf16CodeUnits"
// would differ only for non-ASCII text; see docs/output-formats.md).
#ifndef STEPGUARD_BASE_SPAN_H_
#define STEPGUARD_BASE_SPAN_H_

#include <cstddef>
#include <string>

namespace sg {

struct SourcePos {
  int line = 0;       // 1-based; 0 means unknown
  int column = 0;     // 1-based byte column
  size_t offset = 0;  // 0-based byte offset in the file
  bool known() const { return line > 0; }
};

struct SourceSpan {
  SourcePos begin;
  size_t length = 0;  // bytes
  bool known() const { return begin.known(); }
};

// "path:line:col" (or "path" when the position is unknown).
std::string FormatLocation(const std::string& path, const SourcePos& pos);

}  // namespace sg

#endif  // STEPGUARD_BASE_SPAN_H_
