#include "base/diagnostic.h"

namespace sg {

std::string Diagnostic::ToString() const {
  return FormatLocation(path, pos) +
         (level == Level::kError ? ": error: " : ": warning: ") + message;
}

void Diagnostics::Error(std::string path, SourcePos pos, std::string message) {
  items_.push_back(
      {Diagnostic::Level::kError, std::move(path), pos, std::move(message)});
  ++errors_;
}

void Diagnostics::Warning(std::string path, SourcePos pos,
                          std::string message) {
  items_.push_back(
      {Diagnostic::Level::kWarning, std::move(path), pos, std::move(message)});
}

void Diagnostics::Append(const Diagnostics& other) {
  for (const auto& d : other.items_) items_.push_back(d);
  errors_ += other.errors_;
}

}  // namespace sg
