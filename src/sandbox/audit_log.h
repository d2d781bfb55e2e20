// Audit log: one JSON object per line, each with "ts" (Unix milliseconds)
// and "event". Events written by the sandbox: "layer", "proxy-listener",
// "process", "denied", "protected-restored", "exit"; callers add their own
// (e.g. "file-changed"). Field values are escaped; callers must not pass
// secret values. Not thread-safe.
#ifndef STEPGUARD_SANDBOX_AUDIT_LOG_H_
#define STEPGUARD_SANDBOX_AUDIT_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/fd.h"
#include "base/status.h"

namespace sg::sandbox {

// One field: a string or a raw JSON value (numbers, booleans, arrays).
struct AuditField {
  std::string key;
  std::string value;
  bool raw = false;
};
inline AuditField Str(std::string k, std::string v) {
  return {std::move(k), std::move(v), false};
}
inline AuditField Num(std::string k, int64_t v) {
  return {std::move(k), std::to_string(v), true};
}
inline AuditField Bool(std::string k, bool v) {
  return {std::move(k), v ? "true" : "false", true};
}
inline AuditField Raw(std::string k, std::string json) {
  return {std::move(k), std::move(json), true};
}

class AuditLog {
 public:
  AuditLog() = default;  // disabled: Write does nothing
  // Opens `path` for appending (created 0600).
  static Result<AuditLog> Open(const std::string& path);
  bool enabled() const { return fd_.valid(); }
  void Write(std::string_view event, const std::vector<AuditField>& fields);

 private:
  Fd fd_;
};

// ["a","b"] with escaping.
std::string JsonStringArray(const std::vector<std::string>& items);

}  // namespace sg::sandbox

#endif  // STEPGUARD_SANDBOX_AUDIT_LOG_H_
