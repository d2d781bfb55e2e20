// One audit record per proxy decision, and where the records go.
#ifndef STEPGUARD_EGRESS_AUDIT_LOG_H_
#define STEPGUARD_EGRESS_AUDIT_LOG_H_

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "base/fd.h"

namespace sg::egress {

struct AuditEvent {
  std::chrono::system_clock::time_point time;  // when the decision was made
  std::string kind;  // "connect" (CONNECT tunnel), "http" (absolute-form),
                     // "inject" (credential injection), "invalid"
  std::string host;  // as requested (normalised); empty when unparsable
  uint16_t port = 0;
  std::string address;  // the resolved address connected to (or refused)
  bool allowed = false;
  // For an allowed event the allow rule's text ("*.example.com:443",
  // "inject:NAME"); for a denied one a reason id: "no-match",
  // "special-range:<range>", "sni-mismatch", "no-client-hello",
  // "resolve-failed", "connect-failed", "limit:connections",
  // "limit:bytes-budget", "malformed", "header-too-large", "header-timeout",
  // "idle-timeout".
  std::string rule;
  uint64_t bytes_up = 0;    // client -> upstream
  uint64_t bytes_down = 0;  // upstream -> client
  std::chrono::milliseconds duration{0};
  std::string detail;  // optional free text; never contains secrets
};

// {"time":"2024-05-01T12:00:00.123Z","kind":"connect","host":...}
std::string ToJsonLine(const AuditEvent& e);

// Receives every event. Implementations must be thread-safe; Write is called
// from the proxy's threads and must not block for long.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual void Write(const AuditEvent& e) = 0;
};

// Appends JSON lines to a file descriptor (one write(2) per line).
class JsonLinesAuditSink : public AuditSink {
 public:
  explicit JsonLinesAuditSink(Fd fd) : fd_(std::move(fd)) {}
  void Write(const AuditEvent& e) override;

 private:
  std::mutex mu_;
  Fd fd_;
};

// Keeps events in memory (tests; the cli's report).
class MemoryAuditSink : public AuditSink {
 public:
  void Write(const AuditEvent& e) override;
  std::vector<AuditEvent> Events() const;

 private:
  mutable std::mutex mu_;
  std::vector<AuditEvent> events_;
};

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_AUDIT_LOG_H_
