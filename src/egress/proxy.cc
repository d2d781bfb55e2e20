#include "egress/proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <asio.hpp>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "base/strings.h"
#include "egress/client_hello.h"
#include "egress/gate.h"
#include "egress/http_head.h"
#include "egress/inject.h"
#include "egress/relay.h"

namespace sg::egress {

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// User-space buffer of the copying fallback pump.
constexpr size_t kRelayBufferBytes = 256 * 1024;
constexpr auto kLingerTime = std::chrono::seconds(2);

tcp::endpoint ToEndpoint(const IpAddress& a, uint16_t port) {
  if (a.v6) {
    asio::ip::address_v6::bytes_type b;
    std::copy(a.bytes.begin(), a.bytes.end(), b.begin());
    return tcp::endpoint(asio::ip::address_v6(b), port);
  }
  asio::ip::address_v4::bytes_type b;
  std::copy(a.bytes.begin(), a.bytes.begin() + 4, b.begin());
  return tcp::endpoint(asio::ip::address_v4(b), port);
}

}  // namespace

class Session;

struct Proxy::Impl {
  Config config;
  std::unique_ptr<Gate> gate;
  asio::io_context io{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>>
      work;
  asio::thread_pool resolvers{2};
  std::thread io_thread;
  std::mutex lifecycle_mu;
  bool started = false;
  std::atomic<bool> stopping{false};

  // Touched on the io thread only.
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  std::atomic<uint64_t> accepted{0}, upstream_connects{0}, allowed{0},
      denied{0}, relayed_bytes{0};
  std::atomic<int> active{0};

  InjectionWorkers injectors;
  // Established tunnels are pumped here, off the event loop (relay.h).
  std::unique_ptr<RelayWorkers> relays;

  void Audit(const AuditEvent& e) {
    (e.allowed ? allowed : denied)++;
    if (config.audit) config.audit->Write(e);
  }
  bool OverBudget() const {
    return config.limits.bytes_budget != 0 &&
           relayed_bytes.load() > config.limits.bytes_budget;
  }
  void Accept(tcp::acceptor* acceptor);
  void CloseAll();
};

// One client connection, from the request head to the end of the tunnel.
// Lives on the io thread; shared_ptr keeps it alive across async handlers.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Proxy::Impl* proxy, tcp::socket client)
      : p_(proxy),
        client_(std::move(client)),
        upstream_(proxy->io),
        timer_(proxy->io),
        start_(Clock::now()) {
    ev_.time = std::chrono::system_clock::now();
    ev_.kind = "invalid";
    up_.from = down_.to = &client_;
    up_.to = down_.from = &upstream_;
    up_.counter = &ev_.bytes_up;
    down_.counter = &ev_.bytes_down;
    up_.done = &up_done_;
    down_.done = &down_done_;
  }

  void Start() {
    p_->sessions[this] = weak_from_this();
    p_->active++;
    over_limit_ = p_->active.load() > p_->config.limits.max_connections;
    asio::error_code ignored;
    client_.set_option(tcp::no_delay(true), ignored);
    ArmTimer(start_ + p_->config.limits.header_timeout);
    ReadHead();
  }

  // Ends the connection now (proxy stopping). A tunnel on relay threads is
  // ended by RelayWorkers::StopAll and reports through OnRelayDone.
  void Abort() { Finish("stopped"); }

 private:
  enum class Phase {
    kHead,
    kResolving,
    kConnecting,
    kInspect,
    kRelay,
    kRelayThreads,  // pumped by RelayWorkers; OnRelayDone finishes
    kLinger,
    kHandedOff,
    kDone
  };

  void ArmTimer(Clock::time_point when) {
    timer_.expires_at(when);
    timer_.async_wait([self = shared_from_this()](asio::error_code ec) {
      if (!ec) self->OnTimer();
    });
  }

  void OnTimer() {
    switch (phase_) {
      case Phase::kHead:
        Deny(408, "Request Timeout", "header-timeout",
             "request head not received in time");
        return;
      case Phase::kInspect:
        if (!must_inspect_) {
          Finish("no-client-hello", "no ClientHello in time");
          return;
        }
        [[fallthrough]];  // non-TLS port: the client may wait for the server
      case Phase::kRelay: {
        auto idle_until = last_activity_ + p_->config.limits.idle_timeout;
        if (Clock::now() >= idle_until) {
          Finish("idle-timeout");
        } else {
          ArmTimer(idle_until);
        }
        return;
      }
      case Phase::kLinger:
        Finish(deny_reason_);
        return;
      case Phase::kConnecting:
        Finish("connect-failed", "connect timed out");
        return;
      default:
        return;
    }
  }

  void ReadHead() {
    if (inbuf_.size() > p_->config.limits.max_header_bytes) {
      Deny(431, "Request Header Fields Too Large", "header-too-large",
           "request head over the limit");
      return;
    }
    size_t old = inbuf_.size();
    inbuf_.resize(old + 4096);
    client_.async_read_some(
        asio::buffer(inbuf_.data() + old, 4096),
        [this, self = shared_from_this(), old](asio::error_code ec, size_t n) {
          inbuf_.resize(old + n);
          if (phase_ != Phase::kHead) return;
          if (ec) {
            Finish("malformed", "client closed before a complete request");
            return;
          }
          size_t end = FindHeadEnd(inbuf_);
          if (end == std::string::npos) {
            ReadHead();
            return;
          }
          if (end > p_->config.limits.max_header_bytes) {
            Deny(431, "Request Header Fields Too Large", "header-too-large",
                 "request head over the limit");
            return;
          }
          OnHead(end);
        });
  }

  void OnHead(size_t end) {
    Result<RequestHead> parsed =
        ParseRequestHead(std::string_view(inbuf_).substr(0, end));
    if (!parsed.ok()) {
      Deny(400, "Bad Request", "malformed", parsed.status().message());
      return;
    }
    head_ = std::move(parsed).value();
    early_ = inbuf_.substr(end);
    inbuf_.clear();
    if (over_limit_) {
      Deny(503, "Service Unavailable", "limit:connections",
           "too many connections");
      return;
    }
    if (p_->OverBudget()) {
      Deny(403, "Forbidden", "limit:bytes-budget", "bytes budget exhausted");
      return;
    }
    if (head_.method == "CONNECT") {
      ev_.kind = "connect";
      Result<HostPort> hp = ParseAuthority(head_.target, std::nullopt);
      if (!hp.ok()) {
        Deny(400, "Bad Request", "malformed", "bad CONNECT authority");
        return;
      }
      Decide(*hp);
      return;
    }
    if (StartsWith(head_.target, kInjectPathPrefix)) {
      HandOffInjection();
      return;
    }
    if (head_.target.front() == '/') {
      Deny(400, "Bad Request", "malformed",
           "origin-form request to a proxy; use absolute-form or CONNECT");
      return;
    }
    ev_.kind = "http";
    Result<AbsoluteTarget> t = ParseAbsoluteHttpTarget(head_.target);
    if (!t.ok()) {
      Deny(400, "Bad Request", "malformed", t.status().message());
      return;
    }
    Result<HostPort> hp = ParseAuthority(t->authority, uint16_t{80});
    if (!hp.ok()) {
      Deny(400, "Bad Request", "malformed", "bad authority in target");
      return;
    }
    if (head_.Header("Transfer-Encoding")) {
      // The relay forwards exactly the body Content-Length announces and
      // nothing after it (see RewriteHttpHead); a chunked body has no
      // length up front, so it is refused rather than parsed here.
      Deny(411, "Length Required", "malformed",
           "plain-HTTP request bodies need Content-Length (use HTTPS)");
      return;
    }
    http_body_left_ = 0;
    int lengths = 0;
    for (const auto& [k, v] : head_.headers)
      lengths += IEquals(k, "content-length");
    if (lengths > 1) {
      Deny(400, "Bad Request", "malformed", "more than one Content-Length");
      return;
    }
    if (std::optional<std::string> cl = head_.Header("Content-Length")) {
      bool digits = !cl->empty() && cl->size() <= 18 &&
                    cl->find_first_not_of("0123456789") == std::string::npos;
      if (!digits) {
        Deny(400, "Bad Request", "malformed", "bad Content-Length");
        return;
      }
      http_body_left_ = std::stoull(*cl);
    }
    path_ = t->path;
    Decide(*hp);
  }

  void Decide(const HostPort& hp) {
    ev_.host = hp.host;
    ev_.port = hp.port;
    rule_ = p_->gate->Match(hp.host, hp.port);
    if (rule_ == nullptr) {
      Deny(403, "Forbidden", "no-match", "host not in the egress allowlist");
      return;
    }
    ev_.rule = rule_->text;
    phase_ = Phase::kResolving;
    asio::post(p_->resolvers, [self = shared_from_this()] {
      AddressDecision d =
          self->p_->gate->ResolveChecked(self->ev_.host, self->rule_);
      asio::post(self->p_->io,
                 [self, d = std::move(d)] { self->OnResolved(d); });
    });
  }

  void OnResolved(const AddressDecision& d) {
    if (phase_ != Phase::kResolving) return;
    if (d.address) ev_.address = d.address->ToString();
    if (!d.allowed) {
      Deny(403, "Forbidden", d.reason,
           d.reason == "resolve-failed" ? "cannot resolve host"
                                        : "address in a refused range");
      return;
    }
    address_ = *d.address;
    endpoint_ = ToEndpoint(*d.address, ev_.port);
    if (ev_.kind == "http") {
      ev_.allowed = true;
      // Only this request's body follows its head upstream.
      if (early_.size() > http_body_left_) early_.resize(http_body_left_);
      http_body_left_ -= early_.size();
      pending_up_ = RewriteHttpHead();
      pending_up_ += early_;
      Connect();
      return;
    }
    // CONNECT: the client speaks first inside the tunnel.
    bool tls_port =
        std::find(p_->config.tls_ports.begin(), p_->config.tls_ports.end(),
                  ev_.port) != p_->config.tls_ports.end();
    Write(client_, "HTTP/1.1 200 Connection established\r\n\r\n",
          [this, tls_port] {
            pending_up_ = early_;
            if (tls_port) {
              // Nothing reaches the network until the ClientHello names
              // the host the policy allowed.
              phase_ = Phase::kInspect;
              ArmTimer(Clock::now() + p_->config.limits.header_timeout);
              Inspect(true);
            } else {
              // Not a TLS port: the tunnel may carry anything, but if it
              // carries TLS the SNI must still match.
              must_inspect_ = true;
              ev_.allowed = true;
              Connect();
            }
          });
  }

  std::string RewriteHttpHead() {
    std::string out = head_.method + " " + path_ + " " + head_.version + "\r\n";
    std::string host = ev_.host.find(':') != std::string::npos
                           ? "[" + ev_.host + "]"
                           : ev_.host;
    if (ev_.port != 80) host += ":" + std::to_string(ev_.port);
    out += "Host: " + host + "\r\n";
    for (const auto& [k, v] : head_.headers) {
      // (Transfer-Encoding never gets here: such requests are refused.)
      if (IEquals(k, "host") || IsHopByHopHeader(k)) continue;
      out += k + ": " + v + "\r\n";
    }
    // One request per connection: after this head only its Content-Length
    // body is forwarded (a pipelined request, which could name another host
    // on the same address, never reaches the upstream), and the upstream
    // closes after its response (RFC 9112 9.6).
    out += "Connection: close\r\n\r\n";
    return out;
  }

  // Accumulates the first client bytes of a tunnel until a ClientHello can
  // be judged. `before_connect`: on a TLS port, no upstream exists yet.
  void Inspect(bool before_connect) {
    ClientHelloScan scan = ScanClientHello(pending_up_);
    using S = ClientHelloScan::State;
    if (scan.state == S::kNeedMore) {
      size_t old = pending_up_.size();
      pending_up_.resize(old + 4096);
      client_.async_read_some(asio::buffer(pending_up_.data() + old, 4096),
                              [this, self = shared_from_this(), old,
                               before_connect](asio::error_code ec, size_t n) {
                                pending_up_.resize(old + n);
                                if (phase_ != Phase::kInspect) return;
                                if (ec) {
                                  Finish("no-client-hello",
                                         "tunnel closed before a ClientHello");
                                  return;
                                }
                                Inspect(before_connect);
                              });
      return;
    }
    if (scan.state == S::kNotTls && !before_connect) {
      StartUpstreamPump();  // not TLS on a non-TLS port: an opaque tunnel
      return;
    }
    if (scan.state != S::kComplete) {
      Finish("no-client-hello", scan.state == S::kNotTls
                                    ? "tunnel data is not TLS"
                                    : "malformed ClientHello");
      return;
    }
    if (scan.sni ? *scan.sni != ev_.host : !ParseIp(ev_.host)) {
      // A missing SNI is acceptable only for an IP-literal target, where
      // clients must not send one (RFC 6066).
      Finish("sni-mismatch", scan.sni ? "ClientHello names another host"
                                      : "ClientHello without SNI");
      return;
    }
    ev_.allowed = true;
    if (before_connect) {
      Connect();
    } else {
      StartUpstreamPump();
    }
  }

  void Connect() {
    phase_ = Phase::kConnecting;
    ArmTimer(Clock::now() + p_->config.limits.connect_timeout);
    if (p_->config.connect_hook &&
        !p_->config.connect_hook(address_, ev_.port)) {
      if (ev_.kind == "http") {
        Deny(502, "Bad Gateway", "connect-failed", "connect refused by hook");
      } else {
        Finish("connect-failed", "connect refused by hook");
      }
      return;
    }
    p_->upstream_connects++;
    upstream_.async_connect(
        endpoint_, [this, self = shared_from_this()](asio::error_code ec) {
          if (phase_ != Phase::kConnecting) return;
          if (ec) {
            if (ev_.kind == "http") {
              Deny(502, "Bad Gateway", "connect-failed",
                   "upstream connection failed");
            } else {
              Finish("connect-failed", ec.message());
            }
            return;
          }
          asio::error_code ignored;
          upstream_.set_option(tcp::no_delay(true), ignored);
          phase_ = Phase::kRelay;
          last_activity_ = Clock::now();
          ArmTimer(last_activity_ + p_->config.limits.idle_timeout);
          if (must_inspect_) {
            // The server may speak first (SSH, SMTP): its bytes flow while
            // the client's first bytes are checked for a ClientHello.
            Pump(down_);
            phase_ = Phase::kInspect;  // the idle timer keeps running
            Inspect(false);
          } else {
            StartUpstreamPump();
          }
        });
  }

  void StartUpstreamPump() {
    phase_ = Phase::kRelay;
    last_activity_ = Clock::now();
    ArmTimer(last_activity_ + p_->config.limits.idle_timeout);
    std::string first = std::move(pending_up_);
    if (first.empty()) {
      StartRelay();
      return;
    }
    auto data = std::make_shared<std::string>(std::move(first));
    // The rewritten HTTP head is protocol overhead, not client payload;
    // count only what the client sent beyond it.
    size_t payload = ev_.kind == "http" ? early_.size() : data->size();
    ev_.bytes_up += payload;
    // These bytes count against the run's budget like relayed ones.
    p_->relayed_bytes += payload;
    if (p_->OverBudget()) {
      Finish("limit:bytes-budget", "bytes budget exhausted");
      return;
    }
    asio::async_write(
        upstream_, asio::buffer(*data),
        [this, self = shared_from_this(), data](asio::error_code ec, size_t) {
          if (ec) {
            Finish("error");
            return;
          }
          StartRelay();
        });
  }

  // The tunnel is checked and its first bytes are upstream: from here on it
  // is a byte pump, handed to dedicated relay threads (relay.h), which
  // splice (or copy, without zero-copy). The event loop keeps the tunnel
  // only when its downstream copy pump already has an operation in flight.
  void StartRelay() {
    if (phase_ != Phase::kRelay) return;  // ended while the write was queued
    if (!down_.buf.empty()) {
      // The downstream pump already copies through a buffer with an
      // operation in flight (inspection without zero-copy): keep the
      // tunnel on the event loop.
      Pump(up_);
      return;
    }
    RelayRequest req;
    // Both sockets leave Asio; pending waits complete with
    // operation_aborted and find the phase changed.
    phase_ = Phase::kRelayThreads;
    timer_.cancel();
    asio::error_code ec_client, ec_upstream;
    req.client = Fd(client_.release(ec_client));
    req.upstream = Fd(upstream_.release(ec_upstream));
    req.down.read_end = std::move(down_.pipe_r);
    req.down.write_end = std::move(down_.pipe_w);
    req.down.pending = down_.in_pipe;
    req.down.eof = down_done_;
    req.bytes_up = ev_.bytes_up;
    req.bytes_down = ev_.bytes_down;
    req.idle_timeout = p_->config.limits.idle_timeout;
    req.last_activity = last_activity_;
    req.end_on_down_eof = ev_.kind == "http";
    if (ev_.kind == "http") req.up_limit = http_body_left_;
    req.zero_copy = p_->config.zero_copy;
    if (ec_client || ec_upstream) {
      phase_ = Phase::kRelay;
      Finish("error", "cannot hand the tunnel to a relay thread");
      return;
    }
    Proxy::Impl* p = p_;
    p_->relays->Spawn(std::move(req),
                      [p, self = shared_from_this()](const RelayResult& r) {
                        self->OnRelayDone(r);
                        asio::post(p->io, [self] { self->AfterRelay(); });
                      });
  }

  // On the relay thread, before the sockets close: writes the audit line.
  // While the phase is kRelayThreads nothing on the io thread touches the
  // event or `logged_` (every handler and Finish return early).
  void OnRelayDone(const RelayResult& r) {
    ev_.bytes_up = r.bytes_up;
    ev_.bytes_down = r.bytes_down;
    LogDecision(r.reason, r.reason == "limit:bytes-budget"
                              ? "bytes budget exhausted"
                              : "");
  }

  // Back on the io thread: the connection no longer counts.
  void AfterRelay() {
    if (phase_ != Phase::kRelayThreads) return;
    phase_ = Phase::kDone;
    p_->sessions.erase(this);
    p_->active--;
  }

  // One direction of a tunnel. Bytes move socket -> pipe -> socket with
  // splice(2), so the payload is never copied through user space; when no
  // pipe can be had (descriptor limit) a user-space buffer is used instead.
  struct Direction {
    tcp::socket* from = nullptr;
    tcp::socket* to = nullptr;
    uint64_t* counter = nullptr;
    bool* done = nullptr;
    Fd pipe_r, pipe_w;
    size_t in_pipe = 0;
    std::vector<char> buf;
  };

  bool Pumping() const {
    return phase_ == Phase::kRelay || phase_ == Phase::kInspect;
  }

  void Pump(Direction& d) {
    if (!d.pipe_r.valid() && d.buf.empty()) {
      RelayPipe pipe;
      if (p_->config.zero_copy && MakeSplicePipe(&pipe)) {
        d.pipe_r = std::move(pipe.read_end);
        d.pipe_w = std::move(pipe.write_end);
        asio::error_code ignored;
        d.from->native_non_blocking(true, ignored);
        d.to->native_non_blocking(true, ignored);
      } else {
        d.buf.resize(kRelayBufferBytes);
      }
    }
    if (d.pipe_r.valid()) {
      SplicePump(d);
    } else {
      CopyPump(d);
    }
  }

  void OnEof(Direction& d) {
    asio::error_code ignored;
    d.to->shutdown(tcp::socket::shutdown_send, ignored);
    *d.done = true;
    // HTTP: one exchange per connection, over once the upstream has sent
    // its whole response.
    bool http_done = ev_.kind == "http" && &d == &down_;
    if ((up_done_ && down_done_) || http_done) Finish("");
  }

  // Returns false when the connection was finished.
  bool Account(size_t n, Direction& d) {
    last_activity_ = Clock::now();
    *d.counter += n;
    p_->relayed_bytes += n;
    if (p_->OverBudget()) {
      Finish("limit:bytes-budget", "bytes budget exhausted");
      return false;
    }
    return true;
  }

  // Resumes SplicePump(d) once `socket` is ready for `what`.
  void PumpWhenReady(tcp::socket& socket, tcp::socket::wait_type what,
                     Direction& d) {
    socket.async_wait(
        what, [this, self = shared_from_this(), &d](asio::error_code ec) {
          if (!Pumping()) return;
          if (ec) return Finish("error");
          SplicePump(d);
        });
  }

  void SplicePump(Direction& d) {
    constexpr unsigned kFlags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;
    // Bounded work per turn so one fast tunnel cannot starve the others.
    for (int turn = 0; turn < 16; ++turn) {
      if (!Pumping()) return;
      if (d.in_pipe > 0) {
        ssize_t n = splice(d.pipe_r.get(), nullptr, d.to->native_handle(),
                           nullptr, d.in_pipe, kFlags);
        if (n > 0) {
          d.in_pipe -= static_cast<size_t>(n);
          continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
          return PumpWhenReady(*d.to, tcp::socket::wait_write, d);
        }
        Finish("");
        return;
      }
      ssize_t n = splice(d.from->native_handle(), nullptr, d.pipe_w.get(),
                         nullptr, kRelayBufferBytes, kFlags);
      // (The pipe is in blocking mode for the relay threads; SPLICE_F_NONBLOCK
      // keeps this call from waiting on it. It is drained before each fill.)
      if (n > 0) {
        d.in_pipe = static_cast<size_t>(n);
        if (!Account(d.in_pipe, d)) return;
        continue;
      }
      if (n == 0) {
        OnEof(d);
        return;
      }
      if (errno == EAGAIN || errno == EINTR) {
        return PumpWhenReady(*d.from, tcp::socket::wait_read, d);
      }
      Finish("");
      return;
    }
    asio::post(p_->io, [this, self = shared_from_this(), &d] {
      if (Pumping()) SplicePump(d);
    });
  }

  // Copies from -> to through a user-space buffer until EOF or an error.
  void CopyPump(Direction& d) {
    d.from->async_read_some(
        asio::buffer(d.buf),
        [this, self = shared_from_this(), &d](asio::error_code ec, size_t n) {
          if (phase_ == Phase::kDone) return;
          if (ec) {
            if (ec == asio::error::eof) {
              OnEof(d);
            } else {
              Finish("");
            }
            return;
          }
          if (!Account(n, d)) return;
          asio::async_write(*d.to, asio::buffer(d.buf.data(), n),
                            [this, self, &d](asio::error_code ec, size_t) {
                              if (phase_ == Phase::kDone) return;
                              if (ec) {
                                Finish("");
                                return;
                              }
                              CopyPump(d);
                            });
        });
  }

  template <typename Then>
  void Write(tcp::socket& s, std::string text, Then then) {
    auto data = std::make_shared<std::string>(std::move(text));
    asio::async_write(s, asio::buffer(*data),
                      [this, self = shared_from_this(), data, then](
                          asio::error_code ec, size_t) {
                        if (phase_ == Phase::kDone) return;
                        if (ec) {
                          Finish(deny_reason_.empty() ? "" : deny_reason_);
                          return;
                        }
                        then();
                      });
  }

  // Answers with an error, logs the denial, and closes after draining what
  // the client still sends (closing with unread data would reset the
  // connection and could destroy the response before the client reads it).
  void Deny(int status, std::string_view reason, std::string rule_id,
            std::string detail) {
    deny_reason_ = std::move(rule_id);
    deny_detail_ = std::move(detail);
    // Log the decision now; the lingering close below may take a while.
    LogDecision(deny_reason_, deny_detail_);
    phase_ = Phase::kLinger;
    ArmTimer(Clock::now() + kLingerTime);
    Write(client_,
          SimpleResponse(status, reason,
                         "stepguard egress: " + deny_detail_ + "\n"),
          [this] {
            asio::error_code ignored;
            client_.shutdown(tcp::socket::shutdown_send, ignored);
            Drain();
          });
  }

  void Drain() {
    inbuf_.resize(4096);
    client_.async_read_some(
        asio::buffer(inbuf_),
        [this, self = shared_from_this()](asio::error_code ec, size_t) {
          if (phase_ != Phase::kLinger) return;
          if (ec) {
            Finish(deny_reason_);
          } else {
            Drain();
          }
        });
  }

  void HandOffInjection() {
    ev_.kind = "inject";
    std::string rest = head_.target.substr(kInjectPathPrefix.size());
    size_t slash = rest.find_first_of("/?");
    std::string name = rest.substr(0, slash);
    const InjectedSecret* secret = nullptr;
    for (const InjectedSecret& s : p_->config.secrets) {
      if (s.name == name) secret = &s;
    }
    if (secret == nullptr) {
      ev_.host = name;
      Deny(404, "Not Found", "no-match", "no injected secret by that name");
      return;
    }
    asio::error_code ec;
    int fd = client_.release(ec);
    if (ec) {
      Finish("malformed", "cannot hand off connection");
      return;
    }
    phase_ = Phase::kHandedOff;
    timer_.cancel();
    p_->sessions.erase(this);
    InjectRequest req;
    req.client = Fd(fd);
    req.head = std::move(head_);
    req.path_suffix = slash == std::string::npos ? "" : rest.substr(slash);
    req.early_body = std::move(early_);
    req.secret = secret;
    Proxy::Impl* p = p_;
    p_->injectors.Spawn(
        std::move(req),
        InjectEnv{p->gate.get(), &p->config.limits, &p->config.connect_hook,
                  [p](const AuditEvent& e) { p->Audit(e); },
                  [p] { p->active--; }});
  }

  // Closes both sides and logs the event; idempotent. `reason` is either a
  // deny decision (the event becomes a denial with that rule) or one of the
  // ways an allowed connection merely ends ("", "idle-timeout",
  // "connect-failed", "stopped", "error"), which keep the decision.
  void Finish(const std::string& reason, std::string detail = "") {
    if (phase_ == Phase::kDone || phase_ == Phase::kHandedOff ||
        phase_ == Phase::kRelayThreads) {
      return;
    }
    phase_ = Phase::kDone;
    asio::error_code ignored;
    timer_.cancel();
    client_.close(ignored);
    upstream_.close(ignored);
    LogDecision(reason, std::move(detail));
    p_->sessions.erase(this);
    p_->active--;
  }

  // Writes the one audit line of this connection (once). `reason` is either
  // a deny decision (the event becomes a denial with that rule) or one of the
  // ways an allowed connection merely ends ("", "idle-timeout",
  // "connect-failed", "stopped", "error"), which keep the decision.
  void LogDecision(const std::string& reason, std::string detail) {
    if (logged_) return;
    logged_ = true;
    bool ending_only = reason.empty() || reason == "idle-timeout" ||
                       reason == "connect-failed" || reason == "stopped" ||
                       reason == "error";
    if (!ending_only || !ev_.allowed) {
      ev_.allowed = false;
      ev_.rule = reason.empty() ? "error" : reason;
    }
    if (detail.empty() && !reason.empty()) detail = reason;
    ev_.detail = std::move(detail);
    ev_.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        Clock::now() - start_);
    p_->Audit(ev_);
  }

  Proxy::Impl* p_;
  tcp::socket client_, upstream_;
  asio::steady_timer timer_;
  Clock::time_point start_, last_activity_;
  Phase phase_ = Phase::kHead;
  bool over_limit_ = false;
  bool must_inspect_ = false;
  bool logged_ = false;
  bool up_done_ = false, down_done_ = false;
  std::string inbuf_, early_, pending_up_, path_;
  uint64_t http_body_left_ = 0;  // plain HTTP: request body still to forward
  std::string deny_reason_, deny_detail_;
  RequestHead head_;
  const AllowRule* rule_ = nullptr;
  tcp::endpoint endpoint_;
  IpAddress address_;
  Direction up_, down_;
  AuditEvent ev_;
};

void Proxy::Impl::Accept(tcp::acceptor* acceptor) {
  acceptor->async_accept(
      [this, acceptor](asio::error_code ec, tcp::socket socket) {
        if (stopping) return;
        if (!ec) {
          accepted++;
          std::make_shared<Session>(this, std::move(socket))->Start();
        } else if (ec == asio::error::operation_aborted ||
                   ec == asio::error::bad_descriptor) {
          return;
        }
        // Transient errors (EMFILE, ECONNABORTED) must not end the accept loop.
        Accept(acceptor);
      });
}

void Proxy::Impl::CloseAll() {
  for (auto& a : acceptors) {
    asio::error_code ignored;
    a->close(ignored);
  }
  // Abort() erases from the map: iterate over a copy.
  std::vector<std::shared_ptr<Session>> live;
  for (auto& [ptr, weak] : sessions) {
    if (auto s = weak.lock()) live.push_back(s);
  }
  for (auto& s : live) s->Abort();
}

Proxy::Proxy(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Proxy::~Proxy() { Stop(); }

Result<std::unique_ptr<Proxy>> Proxy::Create(Config config) {
  auto impl = std::make_unique<Impl>();
  Result<std::unique_ptr<Gate>> gate = Gate::Create(config);
  if (!gate.ok()) return gate.status();
  impl->gate = std::move(gate).value();
  for (const InjectedSecret& s : config.secrets) {
    SG_RETURN_IF_ERROR(ValidateInjectedSecret(s));
  }
  if (config.limits.max_connections < 1) {
    return Status::InvalidInput("max_connections must be at least 1");
  }
  impl->config = std::move(config);
  impl->relays = std::make_unique<RelayWorkers>(
      &impl->relayed_bytes, impl->config.limits.bytes_budget);
  return std::unique_ptr<Proxy>(new Proxy(std::move(impl)));
}

Status Proxy::AddListener(Fd listener) {
  if (!listener.valid()) return Status::InvalidInput("invalid listener fd");
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(listener.get(), reinterpret_cast<sockaddr*>(&ss), &len) !=
      0) {
    return Status::InvalidInput(std::string("listener: getsockname: ") +
                                strerror(errno));
  }
  if (ss.ss_family != AF_INET && ss.ss_family != AF_INET6) {
    return Status::InvalidInput("listener is not a TCP/IP socket");
  }
  tcp protocol = ss.ss_family == AF_INET ? tcp::v4() : tcp::v6();
  asio::error_code ec;
  auto acceptor = std::make_unique<tcp::acceptor>(impl_->io);
  acceptor->assign(protocol, listener.get(), ec);
  if (ec) return Status::Internal("listener: " + ec.message());
  listener.Release();  // the acceptor owns it now
  tcp::acceptor* raw = acceptor.get();
  Impl* impl = impl_.get();
  asio::post(impl->io, [impl, a = std::move(acceptor), raw]() mutable {
    impl->acceptors.push_back(std::move(a));
    if (impl->stopping) {
      asio::error_code ignored;
      raw->close(ignored);
      return;
    }
    impl->Accept(raw);
  });
  return Status::Ok();
}

Result<uint16_t> Proxy::ListenLoopback(uint16_t port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return Status::Internal(std::string("socket: ") + strerror(errno));
  int one = 1;
  setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sin.sin_port = htons(port);
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0 ||
      listen(fd.get(), 4096) != 0) {
    return Status::Unavailable(std::string("bind 127.0.0.1: ") +
                               strerror(errno));
  }
  socklen_t len = sizeof(sin);
  getsockname(fd.get(), reinterpret_cast<sockaddr*>(&sin), &len);
  SG_RETURN_IF_ERROR(AddListener(std::move(fd)));
  return static_cast<uint16_t>(ntohs(sin.sin_port));
}

Status Proxy::Start() {
  std::lock_guard<std::mutex> lock(impl_->lifecycle_mu);
  if (impl_->started) return Status::Internal("proxy already started");
  impl_->started = true;
  impl_->work.emplace(impl_->io.get_executor());
  impl_->io_thread = std::thread([impl = impl_.get()] {
    for (;;) {
      try {
        impl->io.run();
        return;
      } catch (const std::exception&) {
        // A handler threw (allocation failure): keep serving the others.
      }
    }
  });
  return Status::Ok();
}

void Proxy::Stop() {
  std::lock_guard<std::mutex> lock(impl_->lifecycle_mu);
  if (impl_->stopping.exchange(true)) return;
  impl_->injectors.StopAll();
  impl_->relays->StopAll();
  if (impl_->started) {
    Impl* impl = impl_.get();
    // Relay threads report to the io thread, which still runs here.
    impl->relays->JoinAll();
    asio::post(impl->io, [impl] { impl->CloseAll(); });
    impl->resolvers.join();
    // Resolutions finished above may have posted results: close again.
    asio::post(impl->io, [impl] { impl->CloseAll(); });
    impl->work.reset();
    impl->io_thread.join();
  }
  impl_->relays->JoinAll();
  impl_->injectors.JoinAll();
}

Result<std::unique_ptr<Proxy>> StartProxy(Config config, Fd listener) {
  Result<std::unique_ptr<Proxy>> proxy = Proxy::Create(std::move(config));
  if (!proxy.ok()) return proxy.status();
  SG_RETURN_IF_ERROR((*proxy)->AddListener(std::move(listener)));
  SG_RETURN_IF_ERROR((*proxy)->Start());
  return proxy;
}

ProxyStats Proxy::stats() const {
  ProxyStats s;
  s.accepted = impl_->accepted;
  s.upstream_connects = impl_->upstream_connects;
  s.allowed = impl_->allowed;
  s.denied = impl_->denied;
  s.active = impl_->active;
  return s;
}

}  // namespace sg::egress
