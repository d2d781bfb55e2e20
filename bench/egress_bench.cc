// Egress proxy benchmark, loopback only (run by bench/egress.sh):
//   throughput  N bytes client -> upstream, direct vs through a CONNECT tunnel
//   latency     new connection + first echoed byte, direct vs via the proxy
//   concurrency K tunnels open at once, each echoing a message
// The upstream is an Asio echo/sink server on 127.0.0.1; names map to it
// through the proxy's override table (no DNS).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <asio.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/fd.h"
#include "egress/proxy.h"

namespace {

using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using sg::Fd;

// Upstream: the first 8 bytes of a connection say how many bytes follow as a
// sink (0: echo mode). In sink mode it answers one byte after the last one.
class Upstream {
 public:
  Upstream()
      : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    acceptor_.listen(4096);
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Upstream() {
    io_.stop();
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  struct Conn : std::enable_shared_from_this<Conn> {
    explicit Conn(tcp::socket s) : sock(std::move(s)), buf(256 * 1024) {}
    void Start() {
      auto self = shared_from_this();
      asio::async_read(sock, asio::buffer(header, 8),
                       [this, self](asio::error_code ec, size_t) {
                         if (ec) return;
                         uint64_t n = 0;
                         std::memcpy(&n, header, 8);
                         if (n == 0) {
                           Echo();
                         } else {
                           remaining = n;
                           Sink();
                         }
                       });
    }
    void Sink() {
      auto self = shared_from_this();
      sock.async_read_some(
          asio::buffer(buf), [this, self](asio::error_code ec, size_t n) {
            if (ec) return;
            remaining -= std::min<uint64_t>(remaining, n);
            if (remaining == 0) {
              asio::async_write(sock, asio::buffer("k", 1),
                                [self](asio::error_code, size_t) {});
              return;
            }
            Sink();
          });
    }
    void Echo() {
      auto self = shared_from_this();
      sock.async_read_some(
          asio::buffer(buf), [this, self](asio::error_code ec, size_t n) {
            if (ec) return;
            asio::async_write(sock, asio::buffer(buf.data(), n),
                              [this, self](asio::error_code ec, size_t) {
                                if (!ec) Echo();
                              });
          });
    }
    tcp::socket sock;
    std::vector<char> buf;
    char header[8];
    uint64_t remaining = 0;
  };
  void Accept() {
    acceptor_.async_accept([this](asio::error_code ec, tcp::socket s) {
      if (!ec) {
        s.set_option(tcp::no_delay(true));
        std::make_shared<Conn>(std::move(s))->Start();
      }
      Accept();
    });
  }
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::thread thread_;
};

Fd Dial(uint16_t port) {
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
  return fd;
}

bool SendAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool RecvExact(int fd, char* p, size_t n) {
  while (n > 0) {
    ssize_t r = ::recv(fd, p, n, 0);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

// Opens a connection to the upstream, directly or through a CONNECT tunnel.
Fd Open(uint16_t upstream, uint16_t proxy) {
  if (proxy == 0) return Dial(upstream);
  Fd fd = Dial(proxy);
  if (!fd) return fd;
  std::string req = "CONNECT bench.example.test:" + std::to_string(upstream) +
                    " HTTP/1.1\r\n\r\n";
  static const std::string kOk = "HTTP/1.1 200 Connection established\r\n\r\n";
  std::string resp(kOk.size(), '\0');
  if (!SendAll(fd.get(), req.data(), req.size()) ||
      !RecvExact(fd.get(), resp.data(), resp.size()) || resp != kOk) {
    return Fd();
  }
  return fd;
}

double Throughput(uint16_t upstream, uint16_t proxy, uint64_t total) {
  Fd fd = Open(upstream, proxy);
  if (!fd) return -1;
  std::vector<char> chunk(256 * 1024, 'x');
  auto start = Clock::now();
  SendAll(fd.get(), reinterpret_cast<const char*>(&total), 8);
  for (uint64_t sent = 0; sent < total;) {
    size_t n =
        static_cast<size_t>(std::min<uint64_t>(chunk.size(), total - sent));
    if (!SendAll(fd.get(), chunk.data(), n)) return -1;
    sent += n;
  }
  char ack;
  if (!RecvExact(fd.get(), &ack, 1)) return -1;
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  return static_cast<double>(total) / secs / (1024.0 * 1024.0);
}

// Median microseconds for: connect (+ CONNECT) + 1 byte echoed.
double MedianConnectUs(uint16_t upstream, uint16_t proxy, int rounds) {
  std::vector<double> us;
  uint64_t echo = 0;
  for (int i = 0; i < rounds; ++i) {
    auto start = Clock::now();
    Fd fd = Open(upstream, proxy);
    char b = 'p';
    if (!fd || !SendAll(fd.get(), reinterpret_cast<const char*>(&echo), 8) ||
        !SendAll(fd.get(), &b, 1) || !RecvExact(fd.get(), &b, 1)) {
      return -1;
    }
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start)
                     .count());
  }
  std::sort(us.begin(), us.end());
  return us[us.size() / 2];
}

// Opens `count` tunnels at once, then sends a message through every one.
int ConcurrentFailures(uint16_t upstream, uint16_t proxy, int count) {
  std::vector<Fd> fds;
  int failures = 0;
  for (int i = 0; i < count; ++i) {
    Fd fd = Open(upstream, proxy);
    if (!fd) {
      ++failures;
      continue;
    }
    fds.push_back(std::move(fd));
  }
  uint64_t echo = 0;
  for (size_t i = 0; i < fds.size(); ++i) {
    std::string msg = "tunnel " + std::to_string(i);
    if (!SendAll(fds[i].get(), reinterpret_cast<const char*>(&echo), 8) ||
        !SendAll(fds[i].get(), msg.data(), msg.size())) {
      ++failures;
    }
  }
  for (size_t i = 0; i < fds.size(); ++i) {
    std::string msg = "tunnel " + std::to_string(i);
    std::string got(msg.size(), '\0');
    if (!RecvExact(fds[i].get(), got.data(), got.size()) || got != msg) {
      ++failures;
    }
  }
  return failures;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t bytes =
      argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (1ull << 30);
  int rounds = argc > 2 ? std::atoi(argv[2]) : 1000;
  int tunnels = argc > 3 ? std::atoi(argv[3]) : 1000;
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);

  Upstream upstream;
  sg::egress::Config config;
  config.resolver = std::make_shared<sg::egress::StaticResolver>(
      std::map<std::string, std::vector<sg::egress::IpAddress>>{});
  config.allow = {"bench.example.test:" + std::to_string(upstream.port())};
  config.host_overrides["bench.example.test"] = {"127.0.0.1"};
  config.allow_addresses = {"127.0.0.1"};
  config.tls_ports = {};  // the payload is not TLS
  config.limits.max_connections = tunnels + 100;
  auto proxy = sg::egress::Proxy::Create(config);
  if (!proxy.ok()) {
    std::fprintf(stderr, "%s\n", proxy.status().message().c_str());
    return 1;
  }
  auto port = (*proxy)->ListenLoopback();
  if (!port.ok() || !(*proxy)->Start().ok()) return 1;

  // The machine is shared: alternate direct and proxied runs and keep the
  // best of each, so background load hits both sides alike.
  double direct = 0, proxied = 0;
  for (int i = 0; i < 3; ++i) {
    direct = std::max(direct, Throughput(upstream.port(), 0, bytes));
    proxied = std::max(proxied, Throughput(upstream.port(), *port, bytes));
  }
  std::printf("throughput_direct_MiBps %.0f\n", direct);
  std::printf("throughput_proxy_MiBps %.0f\n", proxied);
  std::printf("throughput_ratio %.3f\n", proxied / direct);

  double lat_direct = MedianConnectUs(upstream.port(), 0, rounds);
  double lat_proxy = MedianConnectUs(upstream.port(), *port, rounds);
  std::printf("connect_median_direct_us %.1f\n", lat_direct);
  std::printf("connect_median_proxy_us %.1f\n", lat_proxy);
  std::printf("connect_median_added_us %.1f\n", lat_proxy - lat_direct);

  int failures = ConcurrentFailures(upstream.port(), *port, tunnels);
  std::printf("concurrent_tunnels %d\n", tunnels);
  std::printf("concurrent_failures %d\n", failures);
  (*proxy)->Stop();
  return failures == 0 ? 0 : 2;
}
