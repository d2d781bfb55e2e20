// A diagnostic is an input problem with a location: "path:line:col: message".
// Errors stop that input; warnings are reported and the input is still used.
#ifndef STEPGUARD_BASE_DIAGNOSTIC_H_
#define STEPGUARD_BASE_DIAGNOSTIC_H_

#include <string>
#include <vector>

#include "base/span.h"

namespace sg {

struct Diagnostic {
  enum class Level { kError, kWarning };
  Level level = Level::kError;
  std::string path;
  SourcePos pos;
  std::string message;

  // "path:line:col: error: message"
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Error(std::string path, SourcePos pos, std::string message);
  void Warning(std::string path, SourcePos pos, std::string message);
  const std::vector<Diagnostic>& items() const { return items_; }
  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  void Append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
  size_t errors_ = 0;
};

}  // namespace sg

#endif  // STEPGUARD_BASE_DIAGNOSTIC_H_
