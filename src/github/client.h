// Client: GitHub REST API access with the behaviour GitHub documents for
// well-behaved integrations.
//
//  - base URL from GITHUB_API_URL (GitHub Enterprise Server), pinned
//    X-GitHub-Api-Version, a User-Agent, JSON Accept header;
//  - retries with exponential backoff and jitter on 5xx, connection errors,
//    timeouts and truncated bodies (max_attempts per request);
//  - primary rate limit (x-ratelimit-remaining: 0 -> wait for
//    x-ratelimit-reset) and secondary rate limits (retry-after, or 403/429
//    whose message names a secondary rate limit -> wait, growing) honoured
//    by waiting while the total wait stays within rate_limit_wait_budget;
//    beyond it the request stops with StatusCode::kUnavailable and a message
//    ending in "not assessed";
//  - Link pagination (same origin only, bounded);
//  - conditional GETs with an on-disk ETag cache (a 304 costs no rate limit);
//  - redirects followed manually; the token is sent only to the base URL's
//    origin;
//  - concurrent requests through one curl multi handle, bounded;
//  - every error message scrubbed of the token and of token-shaped text.
//
// Sleeping, the clock and jitter are injected (ClientEffects) so tests run
// instantly and deterministically. A Client is not thread-safe.
#ifndef STEPGUARD_GITHUB_CLIENT_H_
#define STEPGUARD_GITHUB_CLIENT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "github/curl_transport.h"
#include "github/disk_store.h"
#include "github/http.h"
#include "github/token.h"

namespace sg::github {

inline constexpr std::string_view kDefaultApiUrl = "https://api.github.com";
inline constexpr std::string_view kApiVersion = "2022-11-28";
inline constexpr std::string_view kJsonAccept = "application/vnd.github+json";

struct ClientOptions {
  std::string base_url = std::string(kDefaultApiUrl);
  std::string api_version = std::string(kApiVersion);
  std::string user_agent = "stepguard";
  int max_attempts = 4;  // per request, for retryable failures
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{30'000};
  // Total time this client may spend waiting on rate limits.
  std::chrono::seconds rate_limit_wait_budget{120};
  // Secondary limit without retry-after: GitHub says wait at least a minute.
  std::chrono::seconds secondary_default_wait{60};
  int max_secondary_hits = 4;
  int max_redirects = 5;
  int max_pages = 100;
  std::string cache_dir;  // empty: no ETag cache
  TransportOptions transport;
};

// Reads an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;
EnvLookup ProcessEnv();

// Base URL from GITHUB_API_URL, proxy from HTTPS_PROXY/https_proxy (https),
// http_proxy (http, lower-case only, as libcurl does), ALL_PROXY, and
// NO_PROXY/no_proxy; cache directory from STEPGUARD_CACHE_DIR, else
// $XDG_CACHE_HOME/stepguard/github, else $HOME/.cache/stepguard/github.
ClientOptions ClientOptionsFromEnv(const EnvLookup& env);

struct ClientEffects {
  std::function<void(std::chrono::milliseconds)> sleep;
  std::function<std::chrono::system_clock::time_point()> now;
  std::function<double()> jitter;  // uniform in [0, 1)
};

struct ApiCall {
  std::string method = "GET";
  std::string path;  // "/repos/o/r" (joined to base URL) or absolute URL
  std::string accept = std::string(kJsonAccept);
  std::string body;
};

struct ApiResponse {
  long status = 0;  // final status; a revalidated cache hit reports 200
  Headers headers;
  std::string body;
  std::string url;  // final URL after redirects
  bool from_cache = false;
};

struct ClientStats {
  size_t requests = 0;      // sent on the wire, retries included
  size_t not_modified = 0;  // 304 answers (free of rate limit)
  size_t retries = 0;
  size_t redirects = 0;
  size_t rate_limit_waits = 0;
  std::chrono::milliseconds waited{0};  // backoff + rate-limit sleeping
};

class Client {
 public:
  Client(ClientOptions options, Token token, ClientEffects effects = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Performs one call. A non-OK Result means no usable HTTP answer was
  // obtained (network, retries exhausted, rate limit beyond budget);
  // 4xx answers are returned as responses for the caller to interpret.
  Result<ApiResponse> Call(const ApiCall& call);
  Result<ApiResponse> Get(std::string_view path,
                          std::string_view accept = kJsonAccept);
  // Performs `calls` concurrently (bounded by transport.max_concurrency);
  // one result per call, same order.
  std::vector<Result<ApiResponse>> CallMany(const std::vector<ApiCall>& calls);
  // GETs `path` and every following page (Link rel="next"), up to
  // max_pages. Fails if any page fails or answers non-2xx.
  Result<std::vector<ApiResponse>> GetAllPages(std::string_view path);

  // "HTTP 404: Not Found" using GitHub's JSON message, scrubbed.
  std::string DescribeError(const ApiResponse& r) const;

  std::string Scrub(std::string_view text) const { return token_.Scrub(text); }
  const Token& token() const { return token_; }
  const ClientOptions& options() const { return options_; }
  const ClientStats& stats() const { return stats_; }

 private:
  struct Slot;
  std::string UrlFor(std::string_view path) const;
  void NoteRateLimit(const Headers& h);
  std::chrono::milliseconds Backoff(int attempt);
  std::chrono::milliseconds WaitBudgetLeft() const;
  Status RateLimitStop(const std::string& what,
                       std::chrono::milliseconds wait) const;

  ClientOptions options_;
  Token token_;
  ClientEffects effects_;
  std::unique_ptr<CurlTransport> transport_;
  DiskStore etag_store_;
  ClientStats stats_;
  std::chrono::milliseconds rate_limit_waited_{0};
  // Last primary-limit state seen (core resource), for proactive waiting.
  std::optional<long> remaining_;
  std::optional<long long> reset_epoch_;
  std::string base_origin_;
};

}  // namespace sg::github

#endif  // STEPGUARD_GITHUB_CLIENT_H_
