#include "egress/audit_log.h"

#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "base/strings.h"

namespace sg::egress {

namespace {

std::string FormatTime(std::chrono::system_clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                t.time_since_epoch())
                .count();
  time_t secs = static_cast<time_t>(ms / 1000);
  tm utc{};
  gmtime_r(&secs, &utc);
  char buf[64];
  snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
           utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
           utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

void AddString(std::string* out, const char* key, const std::string& v) {
  *out += ",\"";
  *out += key;
  *out += "\":\"";
  *out += JsonEscape(v);
  *out += '"';
}

void AddNumber(std::string* out, const char* key, uint64_t v) {
  *out += ",\"";
  *out += key;
  *out += "\":";
  *out += std::to_string(v);
}

}  // namespace

std::string ToJsonLine(const AuditEvent& e) {
  std::string out = "{\"time\":\"" + FormatTime(e.time) + "\"";
  AddString(&out, "kind", e.kind);
  AddString(&out, "host", e.host);
  AddNumber(&out, "port", e.port);
  AddString(&out, "address", e.address);
  AddString(&out, "decision", e.allowed ? "allow" : "deny");
  AddString(&out, "rule", e.rule);
  AddNumber(&out, "bytes_up", e.bytes_up);
  AddNumber(&out, "bytes_down", e.bytes_down);
  AddNumber(&out, "duration_ms", static_cast<uint64_t>(e.duration.count()));
  if (!e.detail.empty()) AddString(&out, "detail", e.detail);
  out += "}\n";
  return out;
}

void JsonLinesAuditSink::Write(const AuditEvent& e) {
  std::string line = ToJsonLine(e);
  std::lock_guard<std::mutex> lock(mu_);
  size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(fd_.get(), line.data() + off, line.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to report a failing log; drop the line
    off += static_cast<size_t>(n);
  }
}

void MemoryAuditSink::Write(const AuditEvent& e) {
  std::lock_guard<std::mutex> lock(mu_);
  events_.push_back(e);
}

std::vector<AuditEvent> MemoryAuditSink::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

}  // namespace sg::egress
