// Fuzzes the forward proxy's request-head parsing: FindHeadEnd on the raw
// bytes, ParseRequestHead on the head it delimits (or the whole input), and
// ParseAbsoluteHttpTarget on the parsed target and on the raw input.
// Checks beyond memory safety: FindHeadEnd's offset is within the buffer and
// ends with a blank line; an accepted head has no control characters or
// line breaks in its fields (they would be forwarded upstream).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "egress/http_head.h"

namespace {

bool HasLineBreakOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != s.npos;
}

// True when `head` (delimited by FindHeadEnd) has an empty line before its
// terminating one: the parser stops at the first empty line, so the header
// lines after it would be silently dropped by the proxy.
bool HasEarlyEmptyLine(std::string_view head) {
  size_t start = 0;
  while (start < head.size()) {
    size_t nl = head.find('\n', start);
    if (nl == std::string_view::npos) return false;
    std::string_view line = head.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) return nl + 1 < head.size();
    start = nl + 1;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t end = sg::egress::FindHeadEnd(in);
  std::string_view head = in;
  if (end != std::string_view::npos) {
    if (end > size || end < 1 || in[end - 1] != '\n') abort();
    head = in.substr(0, end);
  }
  auto parsed = sg::egress::ParseRequestHead(head);
  if (parsed.ok()) {
    const sg::egress::RequestHead& h = *parsed;
    if (h.method.empty() || HasLineBreakOrNul(h.method) ||
        HasLineBreakOrNul(h.target) ||
        (h.version != "HTTP/1.1" && h.version != "HTTP/1.0")) {
      abort();
    }
    for (const auto& [name, value] : h.headers) {
      if (name.empty() || HasLineBreakOrNul(name) || HasLineBreakOrNul(value))
        abort();
      if (name.find(':') != name.npos) abort();
    }
    if (end != std::string_view::npos && HasEarlyEmptyLine(head)) abort();
    (void)h.Header("Host");
    auto t = sg::egress::ParseAbsoluteHttpTarget(h.target);
    if (t.ok() && (t->path.empty() || t->path[0] != '/')) abort();
  }
  auto t = sg::egress::ParseAbsoluteHttpTarget(in);
  if (t.ok()) {
    if (t->path.empty() || t->path[0] != '/') abort();
    // userinfo is refused: an '@' in the authority would let the task pick
    // the host the proxy connects to differently from the one it checked.
    if (t->authority.find('@') != std::string::npos) abort();
  }
  return 0;
}
