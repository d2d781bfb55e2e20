#include "egress/inject.h"

#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <cerrno>
#include <chrono>
#include <memory>
#include <mutex>

#include "base/strings.h"
#include "egress/allowlist.h"
#include "egress/gate.h"
#include "github/curl_api.h"

namespace sg::egress {

namespace {

using Clock = std::chrono::steady_clock;

struct Origin {
  std::string host;  // normalised
  uint16_t port = 443;
  std::string base;  // origin URL without a trailing slash
};

Result<Origin> ParseOrigin(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (!StartsWith(ToLower(url.substr(0, kScheme.size())), kScheme)) {
    return Status::InvalidInput("inject origin must start with https://");
  }
  std::string rest = url.substr(kScheme.size());
  size_t slash = rest.find_first_of("/?#");
  std::string auth = rest.substr(0, slash);
  if (auth.find('@') != std::string::npos) {
    return Status::InvalidInput("inject origin must not contain userinfo");
  }
  if (slash != std::string::npos && rest[slash] != '/') {
    return Status::InvalidInput("inject origin must not contain ? or #");
  }
  Result<HostPort> hp = ParseAuthority(auth, uint16_t{443});
  if (!hp.ok()) return Status::InvalidInput("inject origin: bad host");
  Origin o;
  o.host = hp->host;
  o.port = hp->port;
  o.base = url;
  while (!o.base.empty() && o.base.back() == '/') o.base.pop_back();
  return o;
}

void SetTimeouts(int fd, std::chrono::milliseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(t.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((t.count() % 1000) * 1000);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// State shared with libcurl's callbacks for one request.
struct Transfer {
  int client_fd = -1;
  const std::atomic<bool>* stop = nullptr;
  int status = 0;
  std::string reason;
  std::vector<std::string> header_lines;  // of the final response
  bool head_sent = false;
  bool client_failed = false;
  uint64_t bytes_down = 0;

  bool SendHead() {
    if (head_sent) return true;
    head_sent = true;
    std::string out =
        "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
    for (const std::string& line : header_lines) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name(Trim(line.substr(0, colon)));
      // libcurl hands us the decoded body, and the response to the task is
      // delimited by closing the connection.
      if (IsHopByHopHeader(name) || IEquals(name, "content-length")) continue;
      out += line + "\r\n";
    }
    out += "Connection: close\r\n\r\n";
    if (!SendAll(client_fd, out)) client_failed = true;
    return !client_failed;
  }
};

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  if (StartsWith(line, "HTTP/")) {
    // A new response (after 1xx): start over.
    t->header_lines.clear();
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) {
      std::string_view rest = line.substr(sp + 1);
      t->status = std::atoi(std::string(rest.substr(0, 3)).c_str());
      t->reason = rest.size() > 4 ? std::string(rest.substr(4)) : "";
    }
  } else if (!line.empty()) {
    t->header_lines.emplace_back(line);
  }
  return size * n;
}

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  if (!t->SendHead()) return 0;
  if (!SendAll(t->client_fd, std::string_view(data, size * n))) {
    t->client_failed = true;
    return 0;  // aborts the transfer
  }
  t->bytes_down += size * n;
  return size * n;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->stop->load() ? 1 : 0;
}

// libcurl's table; only called once curl::Curl() has succeeded (Serve
// checks it before creating a handle).
const curl::Api& Lib() { return *curl::Curl().value(); }

struct CurlDeleter {
  void operator()(CURL* c) const { Lib().easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { Lib().slist_free_all(l); }
};

void Respond(int fd, int status, std::string_view reason,
             std::string_view text) {
  SendAll(fd, SimpleResponse(status, reason, text));
}

// Serves one request; returns the audit event.
AuditEvent Serve(InjectRequest& req, const InjectEnv& env,
                 const std::atomic<bool>& stop) {
  AuditEvent ev;
  ev.time = std::chrono::system_clock::now();
  ev.kind = "inject";
  ev.rule = "inject:" + req.secret->name;
  int fd = req.client.get();
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0) fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  SetTimeouts(fd, env.limits->idle_timeout);

  Result<Origin> origin = ParseOrigin(req.secret->origin);
  if (!origin.ok()) {  // validated at Create; kept for safety
    Respond(fd, 500, "Internal Server Error", "bad inject origin\n");
    ev.rule = "malformed";
    return ev;
  }
  ev.host = origin->host;
  ev.port = origin->port;

  // Request body: Content-Length framing only.
  if (req.head.Header("Transfer-Encoding")) {
    Respond(fd, 411, "Length Required",
            "stepguard egress: send a Content-Length body\n");
    ev.rule = "malformed";
    ev.detail = "chunked request body";
    return ev;
  }
  size_t length = 0;
  if (auto cl = req.head.Header("Content-Length")) {
    if (cl->empty() || cl->size() > 12 ||
        cl->find_first_not_of("0123456789") != std::string::npos) {
      Respond(fd, 400, "Bad Request", "stepguard egress: bad Content-Length\n");
      ev.rule = "malformed";
      return ev;
    }
    length = std::stoull(*cl);
  }
  if (length > env.limits->max_inject_body_bytes) {
    Respond(fd, 413, "Content Too Large", "stepguard egress: body too large\n");
    ev.rule = "limit:body";
    return ev;
  }
  std::string body = std::move(req.early_body);
  if (body.size() > length) body.resize(length);
  while (body.size() < length) {
    char buf[16384];
    ssize_t n = ::recv(fd, buf, std::min(sizeof(buf), length - body.size()), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ev.rule = "malformed";
      ev.detail = "request body incomplete";
      return ev;
    }
    body.append(buf, static_cast<size_t>(n));
  }
  ev.bytes_up = body.size();

  AddressDecision d = env.gate->ResolveChecked(origin->host, nullptr);
  if (d.address) ev.address = d.address->ToString();
  if (!d.allowed) {
    Respond(fd, 502, "Bad Gateway", "stepguard egress: origin refused\n");
    ev.rule = d.reason;
    ev.detail = d.detail;
    return ev;
  }
  ev.allowed = true;
  if (env.connect_hook && *env.connect_hook &&
      !(*env.connect_hook)(*d.address, origin->port)) {
    Respond(fd, 502, "Bad Gateway", "stepguard egress: connect refused\n");
    ev.detail = "connect refused by hook";
    return ev;
  }

  // libcurl is loaded on the first injected request, not at start-up.
  if (Result<const curl::Api*> api = curl::Curl(); !api.ok()) {
    Respond(fd, 500, "Internal Server Error",
            "stepguard egress: libcurl unavailable\n");
    ev.detail = "upstream: " + api.status().message();
    return ev;
  }
  std::unique_ptr<CURL, CurlDeleter> curl(Lib().easy_init());
  if (!curl) {
    Respond(fd, 500, "Internal Server Error", "curl init failed\n");
    return ev;
  }
  CURL* c = curl.get();
  std::string url = origin->base + req.path_suffix;
  std::string addr = d.address->v6 ? "[" + ev.address + "]" : ev.address;
  // Pins the name to the address checked above: libcurl must not resolve
  // it again (a second DNS answer could point somewhere else).
  std::unique_ptr<curl_slist, SlistDeleter> resolve(Lib().slist_append(
      nullptr, (origin->host + ":" + std::to_string(origin->port) + ":" + addr)
                   .c_str()));
  curl_slist* headers = nullptr;
  for (const auto& [k, v] : req.head.headers) {
    if (IsHopByHopHeader(k) || IEquals(k, "host") ||
        IEquals(k, "content-length") || IEquals(k, "expect") ||
        IEquals(k, "authorization") || IEquals(k, req.secret->header)) {
      continue;
    }
    headers = Lib().slist_append(headers, (k + ": " + v).c_str());
  }
  headers = Lib().slist_append(headers, "Expect:");
  if (!req.head.Header("Content-Type")) {
    headers = Lib().slist_append(headers, "Content-Type:");
  }
  std::string credential =
      req.secret->header + ": " +
      (req.secret->bearer ? "Bearer " + req.secret->value : req.secret->value);
  headers = Lib().slist_append(headers, credential.c_str());
  explicit_bzero(credential.data(), credential.size());
  std::unique_ptr<curl_slist, SlistDeleter> header_list(headers);

  Transfer t;
  t.client_fd = fd;
  t.stop = &stop;
  Lib().easy_setopt(c, CURLOPT_URL, url.c_str());
  Lib().easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
  Lib().easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
  Lib().easy_setopt(c, CURLOPT_PROXY, "");  // direct, to the checked address
  Lib().easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  Lib().easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
  Lib().easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.head.method.c_str());
  if (req.head.method == "HEAD") {
    Lib().easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (!body.empty() || req.head.Header("Content-Length")) {
    Lib().easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                      static_cast<curl_off_t>(body.size()));
    Lib().easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  }
  if (!req.secret->ca_file.empty()) {
    Lib().easy_setopt(c, CURLOPT_CAINFO, req.secret->ca_file.c_str());
  }
  Lib().easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                    static_cast<long>(env.limits->connect_timeout.count()));
  // An idle stream (no byte for idle_timeout) is abandoned.
  Lib().easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
  Lib().easy_setopt(
      c, CURLOPT_LOW_SPEED_TIME,
      std::max(1L, static_cast<long>(env.limits->idle_timeout.count() / 1000)));
  Lib().easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  Lib().easy_setopt(c, CURLOPT_HEADERDATA, &t);
  Lib().easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  Lib().easy_setopt(c, CURLOPT_WRITEDATA, &t);
  Lib().easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  Lib().easy_setopt(c, CURLOPT_XFERINFOFUNCTION, OnProgress);
  Lib().easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  CURLcode rc = Lib().easy_perform(c);
  ev.bytes_down = t.bytes_down;
  if (rc != CURLE_OK) {
    // curl's message names the host or TLS problem, never our headers.
    ev.detail = std::string("upstream: ") + Lib().easy_strerror(rc);
    if (!t.head_sent) {
      Respond(fd, 502, "Bad Gateway", "stepguard egress: " + ev.detail + "\n");
    }
  } else if (!t.head_sent) {
    t.SendHead();
  }
  // The caller closes the connection after logging, so a client that reads
  // to EOF also finds the audit line written.
  return ev;
}

}  // namespace

Status ValidateInjectedSecret(const InjectedSecret& s) {
  if (s.name.empty() ||
      s.name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                               "vwxyz0123456789_") != std::string::npos) {
    return Status::InvalidInput("inject secret: bad variable name '" + s.name +
                                "'");
  }
  Result<Origin> o = ParseOrigin(s.origin);
  if (!o.ok()) return o.status().WithContext("inject secret " + s.name);
  if (s.header.empty() ||
      s.header.find_first_of(" :\r\n\t") != std::string::npos) {
    return Status::InvalidInput("inject secret " + s.name +
                                ": bad header name");
  }
  if (s.value.find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidInput("inject secret " + s.name +
                                ": value contains a line break");
  }
  return Status::Ok();
}

void InjectionWorkers::Spawn(InjectRequest req, InjectEnv env) {
  std::lock_guard<std::mutex> lock(mu_);
  ReapFinishedLocked();
  workers_.emplace_back();
  Worker* w = &workers_.back();
  w->client_fd = req.client.get();
  if (stop_) ::shutdown(w->client_fd, SHUT_RDWR);
  w->thread = std::thread(
      [this, w, req = std::move(req), env = std::move(env)]() mutable {
        auto start = Clock::now();
        AuditEvent ev = Serve(req, env, stop_);
        ev.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
            Clock::now() - start);
        if (env.audit) env.audit(ev);
        {
          std::lock_guard<std::mutex> lock(mu_);
          w->client_fd = -1;
          req.client.Reset();
          w->finished = true;
        }
        if (env.done) env.done();
      });
}

void InjectionWorkers::ReapFinishedLocked() {
  for (auto it = workers_.begin(); it != workers_.end();) {
    if (it->finished) {
      it->thread.join();
      it = workers_.erase(it);
    } else {
      ++it;
    }
  }
}

void InjectionWorkers::StopAll() {
  std::lock_guard<std::mutex> lock(mu_);
  stop_ = true;
  for (Worker& w : workers_) {
    if (w.client_fd >= 0) ::shutdown(w.client_fd, SHUT_RDWR);
  }
}

void InjectionWorkers::JoinAll() {
  std::list<Worker> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all.swap(workers_);
  }
  for (Worker& w : all) {
    if (w.thread.joinable()) w.thread.join();
  }
}

}  // namespace sg::egress
