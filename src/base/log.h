// Minimal leveled logging to stderr. Messages must never contain secrets;
// callers pass already-scrubbed text. Not thread-safe beyond single writes.
#ifndef STEPGUARD_BASE_LOG_H_
#define STEPGUARD_BASE_LOG_H_

#include <string_view>

namespace sg {

enum class LogLevel { kQuiet = 0, kWarning = 1, kInfo = 2, kDebug = 3 };

struct Logger {
  LogLevel level = LogLevel::kWarning;
  void Warn(std::string_view msg) const;
  void Info(std::string_view msg) const;
  void Debug(std::string_view msg) const;
};

}  // namespace sg

#endif  // STEPGUARD_BASE_LOG_H_
