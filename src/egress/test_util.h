// Test helpers for the egress tests: loopback-only servers and clients with
// blocking sockets and receive timeouts (a broken proxy fails the test
// instead of hanging it). Never touches any address outside 127.0.0.0/8.
#ifndef STEPGUARD_EGRESS_TEST_UTIL_H_
#define STEPGUARD_EGRESS_TEST_UTIL_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <thread>

#include "base/fd.h"
#include "egress/address.h"

namespace sg::egress::testing {

inline void SetRecvTimeout(int fd, int seconds) {
  timeval tv{seconds, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

inline Fd ListenOn127(uint16_t* port, int backlog = 1024) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd.get(), reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0 ||
      listen(fd.get(), backlog) != 0) {
    return Fd();
  }
  socklen_t len = sizeof(sin);
  getsockname(fd.get(), reinterpret_cast<sockaddr*>(&sin), &len);
  *port = ntohs(sin.sin_port);
  return fd;
}

// `timeout_s` 0: no receive timeout (benchmarks moving large transfers).
inline Fd ConnectTo127(uint16_t port, int timeout_s = 10) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sin.sin_port = htons(port);
  if (connect(fd.get(), reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0) {
    return Fd();
  }
  int one = 1;
  setsockopt(fd.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  SetRecvTimeout(fd.get(), timeout_s);
  return fd;
}

inline bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads until `marker` has been seen (returns everything read so far), EOF,
// error or timeout.
inline std::string RecvUntil(int fd, std::string_view marker,
                             size_t max = 1 << 20) {
  std::string out;
  char buf[4096];
  while (out.size() < max &&
         (marker.empty() || out.find(marker) == std::string::npos)) {
    ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

inline std::string RecvAll(int fd) { return RecvUntil(fd, ""); }

// Reads exactly n bytes (fewer on EOF/error/timeout).
inline std::string RecvN(int fd, size_t n) {
  std::string out;
  char buf[16384];
  while (out.size() < n) {
    ssize_t r = ::recv(fd, buf, std::min(sizeof(buf), n - out.size()), 0);
    if (r <= 0) break;
    out.append(buf, static_cast<size_t>(r));
  }
  return out;
}

// A connect hook that refuses (and counts) any address outside 127.0.0.0/8,
// so a regression can never make a test touch a real network.
inline std::function<bool(const IpAddress&, uint16_t)> LoopbackOnlyHook(
    std::atomic<int>* refused) {
  return [refused](const IpAddress& a, uint16_t) {
    if (!a.v6 && a.bytes[0] == 127) return true;
    ++*refused;
    return false;
  };
}

// A TCP server on 127.0.0.1 running `handler` on its own thread per
// connection; counts accepted connections.
class LoopbackServer {
 public:
  using Handler = std::function<void(int fd)>;
  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    listener_ = ListenOn127(&port_);
    accept_thread_ = std::thread([this] {
      for (;;) {
        int c = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) {
          if (stopping_) return;
          continue;
        }
        if (stopping_) {
          ::close(c);
          return;
        }
        accepted_++;
        SetRecvTimeout(c, 10);
        std::lock_guard<std::mutex> lock(mu_);
        conns_.emplace_back(c);
        int fd = c;
        threads_.emplace_back([this, fd] { handler_(fd); });
      }
    });
  }
  ~LoopbackServer() {
    stopping_ = true;
    ::shutdown(listener_.get(), SHUT_RDWR);
    accept_thread_.join();
    std::lock_guard<std::mutex> lock(mu_);
    for (Fd& c : conns_) ::shutdown(c.get(), SHUT_RDWR);
    for (std::thread& t : threads_) t.join();
  }
  uint16_t port() const { return port_; }
  int accepted() const { return accepted_; }

  // Echoes everything back until EOF.
  static void Echo(int fd) {
    char buf[65536];
    for (;;) {
      ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) break;
      if (!SendAll(fd, std::string_view(buf, static_cast<size_t>(n)))) break;
    }
    ::shutdown(fd, SHUT_WR);
  }

 private:
  Handler handler_;
  Fd listener_;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::thread accept_thread_;
  std::mutex mu_;
  std::list<Fd> conns_;
  std::list<std::thread> threads_;
};

}  // namespace sg::egress::testing

#endif  // STEPGUARD_EGRESS_TEST_UTIL_H_
