// Parsing of HTTP/1.x request heads as a forward proxy receives them.
#ifndef STEPGUARD_EGRESS_HTTP_HEAD_H_
#define STEPGUARD_EGRESS_HTTP_HEAD_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace sg::egress {

struct RequestHead {
  std::string method;   // as sent (case-sensitive per RFC 9110)
  std::string target;   // request-target, unmodified
  std::string version;  // "HTTP/1.1" or "HTTP/1.0"
  std::vector<std::pair<std::string, std::string>> headers;  // in order

  // First value of header `name` (case-insensitive), if any.
  std::optional<std::string> Header(std::string_view name) const;
};

// Offset just past the "\r\n\r\n" (or "\n\n") ending the head in `buf`, or
// npos when the head is not complete yet.
size_t FindHeadEnd(std::string_view buf);

// Parses a complete head (request line + header lines, terminator optional).
// Rejects obsolete line folding, control characters, spaces before the colon
// and anything that is not HTTP/1.0 or HTTP/1.1: a proxy that guesses at
// malformed framing invites request smuggling.
Result<RequestHead> ParseRequestHead(std::string_view head);

// Splits an absolute-form "http://host[:port]/path?q" target. Only the http
// scheme is accepted (HTTPS goes through CONNECT). userinfo is refused.
struct AbsoluteTarget {
  std::string authority;  // host[:port] as written
  std::string path;       // origin-form, at least "/"
};
Result<AbsoluteTarget> ParseAbsoluteHttpTarget(std::string_view target);

// True for headers that describe one hop and must not be forwarded.
bool IsHopByHopHeader(std::string_view name);

// A complete short response with a text body and "Connection: close".
std::string SimpleResponse(int status, std::string_view reason,
                           std::string_view body);

}  // namespace sg::egress

#endif  // STEPGUARD_EGRESS_HTTP_HEAD_H_
