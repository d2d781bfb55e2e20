#include "egress/http_head.h"

#include "base/strings.h"

namespace sg::egress {

std::optional<std::string> RequestHead::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return std::nullopt;
}

size_t FindHeadEnd(std::string_view buf) {
  // The same line rules as ParseRequestHead: a line ends with LF, a CR just
  // before it is dropped, and the head ends at the first empty line. Looking
  // only for "\r\n\r\n" and "\n\n" missed "\n\r\n" (an LF line, then an
  // empty CRLF line), so the parser stopped there and every header line up
  // to the later terminator was silently dropped.
  size_t line_start = 0;
  while (true) {
    size_t nl = buf.find('\n', line_start);
    if (nl == std::string_view::npos) return std::string_view::npos;
    size_t len = nl - line_start;
    if (len == 0 || (len == 1 && buf[line_start] == '\r')) return nl + 1;
    line_start = nl + 1;
  }
}

namespace {

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9')) {
    return true;
  }
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

bool HasControlChars(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) return true;
  }
  return false;
}

}  // namespace

Result<RequestHead> ParseRequestHead(std::string_view head) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < head.size()) {
    size_t nl = head.find('\n', start);
    if (nl == std::string_view::npos) nl = head.size();
    std::string_view line = head.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    start = nl + 1;
    if (line.empty()) break;  // end of head
    lines.push_back(line);
  }
  if (lines.empty()) return Status::InvalidInput("empty request");
  RequestHead h;
  std::string_view rl = lines[0];
  size_t sp1 = rl.find(' ');
  size_t sp2 = sp1 == std::string_view::npos ? sp1 : rl.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos ||
      rl.find(' ', sp2 + 1) != std::string_view::npos) {
    return Status::InvalidInput("malformed request line");
  }
  h.method = std::string(rl.substr(0, sp1));
  h.target = std::string(rl.substr(sp1 + 1, sp2 - sp1 - 1));
  h.version = std::string(rl.substr(sp2 + 1));
  if (!IsToken(h.method) || h.target.empty() || HasControlChars(h.target)) {
    return Status::InvalidInput("malformed request line");
  }
  if (h.version != "HTTP/1.1" && h.version != "HTTP/1.0") {
    return Status::InvalidInput("unsupported HTTP version");
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view l = lines[i];
    if (l.front() == ' ' || l.front() == '\t') {
      return Status::InvalidInput("obsolete header line folding");
    }
    size_t colon = l.find(':');
    if (colon == std::string_view::npos || !IsToken(l.substr(0, colon))) {
      return Status::InvalidInput("malformed header line");
    }
    std::string_view value = Trim(l.substr(colon + 1));
    if (HasControlChars(value)) {
      return Status::InvalidInput("control character in header value");
    }
    h.headers.emplace_back(std::string(l.substr(0, colon)), std::string(value));
  }
  return h;
}

Result<AbsoluteTarget> ParseAbsoluteHttpTarget(std::string_view target) {
  constexpr std::string_view kScheme = "http://";
  if (target.size() < kScheme.size() ||
      !IEquals(target.substr(0, kScheme.size()), kScheme)) {
    return Status::InvalidInput("only http:// absolute-form targets");
  }
  std::string_view rest = target.substr(kScheme.size());
  size_t slash = rest.find_first_of("/?#");
  AbsoluteTarget t;
  std::string_view auth = rest.substr(0, slash);
  if (auth.empty() || auth.find('@') != std::string_view::npos) {
    return Status::InvalidInput("bad authority in target");
  }
  t.authority = std::string(auth);
  t.path =
      slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  size_t hash = t.path.find('#');
  if (hash != std::string::npos) t.path.resize(hash);
  if (t.path.empty() || t.path.front() != '/') t.path.insert(0, "/");
  return t;
}

bool IsHopByHopHeader(std::string_view name) {
  static constexpr std::string_view kHop[] = {"connection",
                                              "proxy-connection",
                                              "keep-alive",
                                              "proxy-authenticate",
                                              "proxy-authorization",
                                              "te",
                                              "trailer",
                                              "transfer-encoding",
                                              "upgrade"};
  for (std::string_view h : kHop) {
    if (IEquals(name, h)) return true;
  }
  return false;
}

std::string SimpleResponse(int status, std::string_view reason,
                           std::string_view body) {
  std::string out =
      "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\n\r\n";
  out += body;
  return out;
}

}  // namespace sg::egress
