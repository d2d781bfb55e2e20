// FakeGitHub: a GitHub REST API stand-in on 127.0.0.1 for tests and benches.
//
// It answers like api.github.com does: JSON bodies, rate-limit headers on
// every answer (x-ratelimit-limit/-remaining/-used/-reset/-resource),
// ETag + If-None-Match -> 304 (which does not consume rate limit), Link
// pagination, per-token x-oauth-scopes and
// github-authentication-token-expiration, 401 "Bad credentials" for unknown
// tokens. Faults are scripted and consumed in order: latency, 5xx bursts,
// primary and secondary rate limits (GitHub's documented messages and
// headers), truncated and invalid JSON bodies, redirects, slow bodies.
//
// Thread-safe: handlers run on the server's thread pool while the test
// thread scripts and inspects it.
#ifndef STEPGUARD_TESTS_FAKE_GITHUB_FAKE_GITHUB_H_
#define STEPGUARD_TESTS_FAKE_GITHUB_FAKE_GITHUB_H_

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sg::fake {

struct FakeResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // When false, no ETag is added (some GitHub endpoints send none).
  bool etag = true;
};

struct LoggedRequest {
  std::string method;
  std::string target;  // path plus query, as sent
  std::string path;
  std::map<std::string, std::string> headers;  // lower-case names
  int status = 0;                              // what the fake answered
};

// Identity the fake attaches to a known token.
struct FakeTokenInfo {
  std::string login = "octocat";
  std::optional<std::string> oauth_scopes;  // x-oauth-scopes (classic only)
  std::optional<std::string> expiration;    // "2026-01-01 00:00:00 UTC"
};

enum class FaultKind {
  kStatus,          // answer `status` with a GitHub-style JSON error
  kPrimaryLimit,    // 403, x-ratelimit-remaining: 0, "API rate limit exceeded"
  kSecondaryLimit,  // 403/429, "secondary rate limit", optional retry-after
  kTruncatedBody,   // Content-Length promises more than is sent, then close
  kInvalidJson,     // 200 with a body that is not JSON
  kSlowBody,        // the body trickles one byte per `delay`
};

struct Fault {
  FaultKind kind = FaultKind::kStatus;
  int status = 502;
  std::optional<int> retry_after;
  std::chrono::milliseconds delay{0};
  std::string path;  // empty: any path

  static Fault Status(int status, std::optional<int> retry_after = {}) {
    Fault f;
    f.status = status;
    f.retry_after = retry_after;
    return f;
  }
  static Fault PrimaryLimit(int status = 403) {
    Fault f;
    f.kind = FaultKind::kPrimaryLimit;
    f.status = status;
    return f;
  }
  static Fault SecondaryLimit(int status = 403,
                              std::optional<int> retry_after = {}) {
    Fault f;
    f.kind = FaultKind::kSecondaryLimit;
    f.status = status;
    f.retry_after = retry_after;
    return f;
  }
  static Fault Truncated() {
    Fault f;
    f.kind = FaultKind::kTruncatedBody;
    return f;
  }
  static Fault InvalidJson() {
    Fault f;
    f.kind = FaultKind::kInvalidJson;
    return f;
  }
  static Fault SlowBody(std::chrono::milliseconds per_byte) {
    Fault f;
    f.kind = FaultKind::kSlowBody;
    f.delay = per_byte;
    return f;
  }
  Fault& OnPath(std::string p) {
    path = std::move(p);
    return *this;
  }
};

class FakeGitHub {
 public:
  struct Options {
    std::chrono::milliseconds latency{0};  // before every answer
    int threads = 64;
    long rate_limit = 5000;
  };
  FakeGitHub();
  explicit FakeGitHub(Options options);
  ~FakeGitHub();
  FakeGitHub(const FakeGitHub&) = delete;
  FakeGitHub& operator=(const FakeGitHub&) = delete;

  // Binds 127.0.0.1 on an ephemeral port and starts serving.
  bool Start();
  void Stop();
  int port() const { return port_; }
  std::string base_url() const;  // "http://127.0.0.1:PORT"

  // --- content ---
  // Serves `response` for `method` and `target` ("/path" or "/path?query";
  // an exact target match wins over a path-only match).
  void Route(const std::string& method, const std::string& target,
             FakeResponse response);
  void RouteJson(const std::string& target, std::string json_body,
                 int status = 200);
  // Serves `items` (JSON values) under `path` in pages of `per_page`, with
  // GitHub's Link header (next/last/first/prev) and ?page=N&per_page=M.
  void RoutePaginated(const std::string& path,
                      const std::vector<std::string>& items, int per_page);
  // Redirects `from` to `to` (relative or absolute) with `status`.
  void Redirect(const std::string& from, const std::string& to,
                int status = 301);
  // Loads an octokit/fixtures normalized recording (array of exchanges) and
  // serves each exchange with its recorded status, headers and body;
  // "https://api.github.com" in headers is rewritten to this server.
  bool LoadOctokitFixture(const std::string& file, std::string* error);
  // Accepts `token` ("Authorization: Bearer|token <token>").
  void AddToken(const std::string& token, FakeTokenInfo info);
  // When true, requests without a known token are answered 401.
  void RequireAuth(bool require);

  // --- faults and limits ---
  void SetLatency(std::chrono::milliseconds latency);
  // The next `count` matching requests hit `fault`.
  void InjectFault(Fault fault, int count = 1);
  // Primary rate limit state returned in headers.
  void SetRateLimit(long remaining, long long reset_epoch);

  // --- inspection ---
  std::vector<LoggedRequest> requests() const;
  size_t request_count() const;
  long rate_remaining() const;
  // Highest number of requests the fake was handling at the same time.
  int max_in_flight() const;
  void ClearLog();

 private:
  struct State;
  Options options_;
  std::unique_ptr<State> state_;
  std::thread thread_;
  int port_ = 0;
  int listen_fd_ = -1;  // owned by the server; kept to raise its backlog
};

// A plain-HTTP forward proxy on 127.0.0.1 that records absolute-form
// targets and forwards them, to prove proxy settings are honoured.
class RecordingProxy {
 public:
  RecordingProxy();
  ~RecordingProxy();
  bool Start();
  int port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:PORT"
  std::vector<std::string> targets() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace sg::fake

#endif  // STEPGUARD_TESTS_FAKE_GITHUB_FAKE_GITHUB_H_
