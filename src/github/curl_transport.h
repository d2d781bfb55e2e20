// CurlTransport: runs batches of HTTP requests concurrently over one libcurl
// multi handle (connections are reused across batches). It does not retry,
// follow redirects or interpret GitHub semantics; Client does that.
#ifndef STEPGUARD_GITHUB_CURL_TRANSPORT_H_
#define STEPGUARD_GITHUB_CURL_TRANSPORT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "github/http.h"

namespace sg::github {

struct TransportOptions {
  long connect_timeout_ms = 10'000;
  long timeout_ms = 60'000;    // whole exchange, body included
  long low_speed_time_s = 20;  // abort a body trickling under 1 B/s this long
  // Requests in flight at once. GitHub caps concurrent requests at 100
  // (secondary limit); 64 keeps well under it and lets a 40-action lint
  // finish in ~3 round trips.
  size_t max_concurrency = 64;
  size_t max_body_bytes = 64u << 20;
  // Explicit proxy decision (see ProxyForUrl in client.h); libcurl's own
  // environment lookup is switched off so that tests and callers decide.
  std::optional<std::string> proxy;
  std::string no_proxy;
};

// Outcome of one request: a response, or an error that may be retryable
// (connection failure, timeout, reset, truncated body).
struct Exchange {
  std::optional<HttpResponse> response;
  Status error;
  bool retryable = false;
};

class CurlTransport {
 public:
  explicit CurlTransport(TransportOptions options);
  ~CurlTransport();
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Performs `requests`, at most options.max_concurrency at a time, and
  // returns one Exchange per request in the same order. Error messages name
  // the method and path only and are scrubbed of the request's token.
  // Not thread-safe: one caller at a time.
  std::vector<Exchange> Perform(const std::vector<HttpRequest>& requests);

  const TransportOptions& options() const { return options_; }

 private:
  struct Impl;
  TransportOptions options_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sg::github

#endif  // STEPGUARD_GITHUB_CURL_TRANSPORT_H_
