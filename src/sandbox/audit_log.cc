#include "sandbox/audit_log.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <chrono>

#include "base/strings.h"

namespace sg::sandbox {

Result<AuditLog> AuditLog::Open(const std::string& path) {
  AuditLog log;
  log.fd_.Reset(
      open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600));
  if (!log.fd_) {
    return Status::NotFound("audit log " + path + ": " + strerror(errno));
  }
  return log;
}

void AuditLog::Write(std::string_view event,
                     const std::vector<AuditField>& fields) {
  if (!fd_) return;
  int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  std::string line = "{\"ts\":" + std::to_string(ms) + ",\"event\":\"" +
                     JsonEscape(event) + "\"";
  for (const AuditField& f : fields) {
    line += ",\"" + JsonEscape(f.key) + "\":";
    line += f.raw ? f.value : "\"" + JsonEscape(f.value) + "\"";
  }
  line += "}\n";
  // One write per line so concurrent appenders do not interleave.
  ssize_t n = write(fd_.get(), line.data(), line.size());
  (void)n;
}

std::string JsonStringArray(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ",";
    out += "\"" + JsonEscape(items[i]) + "\"";
  }
  return out + "]";
}

}  // namespace sg::sandbox
