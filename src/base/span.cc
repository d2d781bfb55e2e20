#include "base/span.h"

namespace sg {

std::string FormatLocation(const std::string& path, const SourcePos& pos) {
  if (!pos.known()) return path;
  return path + ":" + std::to_string(pos.line) + ":" +
         std::to_string(pos.column);
}

}  // namespace sg
