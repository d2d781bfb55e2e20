#include "base/log.h"

#include <unistd.h>

#include <string>

namespace sg {
namespace {
void Emit(std::string_view tag, std::string_view msg) {
  std::string line = "stepguard: ";
  line += tag;
  line += msg;
  line += '\n';
  // One write(2) per line so concurrent writers do not interleave mid-line.
  ssize_t r = ::write(STDERR_FILENO, line.data(), line.size());
  (void)r;
}
}  // namespace

void Logger::Warn(std::string_view msg) const {
  if (level >= LogLevel::kWarning) Emit("warning: ", msg);
}
void Logger::Info(std::string_view msg) const {
  if (level >= LogLevel::kInfo) Emit("", msg);
}
void Logger::Debug(std::string_view msg) const {
  if (level >= LogLevel::kDebug) Emit("debug: ", msg);
}

}  // namespace sg
