// Egress proxy benchmark, loopback only (run by bench/egress.sh):
//   throughput  N bytes client -> upstream, direct vs through a CONNECT
//               tunnel, with the CPU time of every process per GiB
//   latency     new connection + first echoed byte, direct vs via the proxy
//   concurrency K tunnels open at once, each echoing a message
//
// Fairness: the client, the upstream and the proxy are three processes, as
// in production (task, remote server, supervisor). The client code and the
// upstream code are the same for the direct and the proxied runs; only the
// address the client dials differs. Direct and proxied runs alternate so
// background load on the shared machine hits both alike, and the median of
// the pairs is reported. CPU seconds come from /proc/<pid>/stat (utime +
// stime; loopback receive processing runs in softirq context and is charged
// to whichever process is on the CPU, normally the sender), and the whole
// machine's busy fraction from /proc/stat, to show whether the run was
// limited by CPU.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/fd.h"
#include "egress/proxy.h"
#include "egress/test_util.h"

namespace {

using Clock = std::chrono::steady_clock;
using sg::Fd;

constexpr size_t kChunk = 1 << 20;  // client send / upstream recv size

// Loopback listener (backlog for the 1,000-tunnel run) and client without a
// receive timeout: the egress tests' helpers.
Fd Listen127(uint16_t* port) {
  return sg::egress::testing::ListenOn127(port, 4096);
}
Fd Dial(uint16_t port) { return sg::egress::testing::ConnectTo127(port, 0); }

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

// The upstream: one blocking thread per connection (the cheapest server
// there is, so the comparison is not skewed by server overhead). The first 8
// bytes of a connection say how many bytes follow as a sink (0: echo mode);
// in sink mode it answers one byte after the last one.
void ServeUpstream(int fd) {
  uint64_t n = 0;
  if (!RecvExact(fd, reinterpret_cast<char*>(&n), 8)) return;
  std::vector<char> buf(kChunk);
  if (n == 0) {
    for (;;) {
      ssize_t r = ::recv(fd, buf.data(), buf.size(), 0);
      if (r <= 0 || !SendAll(fd, buf.data(), static_cast<size_t>(r))) return;
    }
  }
  while (n > 0) {
    ssize_t r = ::recv(fd, buf.data(), std::min<uint64_t>(buf.size(), n), 0);
    if (r <= 0) return;
    n -= static_cast<uint64_t>(r);
  }
  SendAll(fd, "k", 1);
}

[[noreturn]] void RunUpstream(int report_fd) {
  prctl(PR_SET_NAME, "bench-upstream");
  uint16_t port = 0;
  Fd listener = Listen127(&port);
  if (!listener || write(report_fd, &port, 2) != 2) _exit(1);
  for (;;) {
    int c = ::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) continue;
    int one = 1;
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    std::thread([c] {
      ServeUpstream(c);
      ::close(c);
    }).detach();
  }
}

[[noreturn]] void RunProxy(int report_fd, uint16_t upstream, int tunnels,
                           bool zero_copy) {
  prctl(PR_SET_NAME, "bench-proxy");
  sg::egress::Config config;
  config.resolver = std::make_shared<sg::egress::StaticResolver>(
      std::map<std::string, std::vector<sg::egress::IpAddress>>{});
  config.allow = {"bench.example.test:" + std::to_string(upstream)};
  config.host_overrides["bench.example.test"] = {"127.0.0.1"};
  config.allow_addresses = {"127.0.0.1"};
  config.tls_ports = {};  // the payload is not TLS
  config.limits.max_connections = tunnels + 100;
  config.zero_copy = zero_copy;
  auto proxy = sg::egress::Proxy::Create(config);
  if (!proxy.ok()) {
    std::fprintf(stderr, "%s\n", proxy.status().message().c_str());
    _exit(1);
  }
  auto port = (*proxy)->ListenLoopback();
  if (!port.ok() || !(*proxy)->Start().ok()) _exit(1);
  uint16_t p = *port;
  if (write(report_fd, &p, 2) != 2) _exit(1);
  for (;;) pause();  // killed by the parent
}

// Forks a child running `body` (which reports a port on a pipe); returns
// the child's pid and the port. The child dies with the parent.
pid_t Spawn(const std::function<void(int)>& body, uint16_t* port) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(fds[0]);
    body(fds[1]);
    _exit(0);
  }
  ::close(fds[1]);
  Fd r(fds[0]);
  if (pid < 0 || read(r.get(), port, 2) != 2) return -1;
  return pid;
}

// CPU seconds (user + system) a process has used so far.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stoull(f);
    if (i == 15) stime = std::stoull(f);
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Whole-machine (busy, total) jiffies from /proc/stat.
std::pair<double, double> MachineJiffies() {
  std::ifstream in("/proc/stat");
  std::string cpu;
  in >> cpu;
  double busy = 0, total = 0;
  for (int i = 0; i < 8; ++i) {
    double v = 0;
    in >> v;
    total += v;
    if (i != 3 && i != 4) busy += v;  // idle, iowait
  }
  return {busy, total};
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

struct Run {
  double mibps = -1;
  double client_cpu = 0, upstream_cpu = 0, proxy_cpu = 0;  // seconds
  double machine_busy = 0;                                 // 0..1
};

Run Throughput(uint16_t upstream, uint16_t proxy, uint64_t total,
               pid_t upstream_pid, pid_t proxy_pid) {
  Run run;
  Fd fd = Open(upstream, proxy);
  if (!fd) return run;
  std::vector<char> chunk(kChunk, 'x');
  double c0 = CpuSeconds(getpid()), u0 = CpuSeconds(upstream_pid),
         p0 = CpuSeconds(proxy_pid);
  auto [busy0, total0] = MachineJiffies();
  auto start = Clock::now();
  if (!SendAll(fd.get(), reinterpret_cast<const char*>(&total), 8)) return run;
  for (uint64_t sent = 0; sent < total;) {
    size_t n =
        static_cast<size_t>(std::min<uint64_t>(chunk.size(), total - sent));
    if (!SendAll(fd.get(), chunk.data(), n)) return run;
    sent += n;
  }
  char ack;
  if (!RecvExact(fd.get(), &ack, 1)) return run;
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  auto [busy1, total1] = MachineJiffies();
  run.mibps = static_cast<double>(total) / secs / (1024.0 * 1024.0);
  run.client_cpu = CpuSeconds(getpid()) - c0;
  run.upstream_cpu = CpuSeconds(upstream_pid) - u0;
  run.proxy_cpu = CpuSeconds(proxy_pid) - p0;
  run.machine_busy = total1 > total0 ? (busy1 - busy0) / (total1 - total0) : 0;
  return run;
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

void PrintRun(const char* what, int i, const Run& r, uint64_t bytes) {
  double gib = static_cast<double>(bytes) / (1 << 30);
  std::printf(
      "  %-6s #%d %6.0f MiB/s  cpu s/GiB: client %.2f upstream %.2f proxy "
      "%.2f total %.2f  machine busy %3.0f%%\n",
      what, i, r.mibps, r.client_cpu / gib, r.upstream_cpu / gib,
      r.proxy_cpu / gib, (r.client_cpu + r.upstream_cpu + r.proxy_cpu) / gib,
      100 * r.machine_busy);
}

Run Median(std::vector<Run> runs) {
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.mibps < b.mibps; });
  return runs[runs.size() / 2];
}

}  // namespace

// Usage: egress_bench BYTES ROUNDS TUNNELS PAIRS [both|direct|proxy]
//                     [splice|copy]
// (ROUNDS 0 / TUNNELS 0 skip the latency / concurrency parts).
int main(int argc, char** argv) {
  uint64_t bytes =
      argc > 1 ? std::strtoull(argv[1], nullptr, 10) : (1ull << 30);
  int rounds = argc > 2 ? std::atoi(argv[2]) : 1000;
  int tunnels = argc > 3 ? std::atoi(argv[3]) : 1000;
  int pairs = argc > 4 ? std::max(1, std::atoi(argv[4])) : 5;
  // "direct" / "proxy": only those throughput runs (for profiling).
  std::string mode = argc > 5 ? argv[5] : "both";
  // "copy": the proxy relays through user-space buffers (Config::zero_copy).
  std::string relay = argc > 6 ? argv[6] : "splice";
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);

  uint16_t upstream = 0, proxy = 0;
  pid_t upstream_pid = Spawn([](int fd) { RunUpstream(fd); }, &upstream);
  if (upstream_pid < 0) return 1;
  pid_t proxy_pid = Spawn(
      [&](int fd) {
        RunProxy(fd, upstream, std::max(tunnels, 1), relay != "copy");
      },
      &proxy);
  if (proxy_pid < 0) return 1;
  auto cleanup = [&] {
    kill(proxy_pid, SIGKILL);
    kill(upstream_pid, SIGKILL);
    waitpid(proxy_pid, nullptr, 0);
    waitpid(upstream_pid, nullptr, 0);
  };

  // Warm-up (page cache, socket buffer autotuning, lazy allocations).
  Throughput(upstream, 0, bytes / 8, upstream_pid, proxy_pid);
  Throughput(upstream, proxy, bytes / 8, upstream_pid, proxy_pid);

  std::vector<Run> direct, proxied;
  std::printf("throughput runs (%d alternating pairs):\n", pairs);
  for (int i = 0; i < pairs; ++i) {
    if (mode != "proxy") {
      direct.push_back(Throughput(upstream, 0, bytes, upstream_pid, proxy_pid));
      PrintRun("direct", i, direct.back(), bytes);
    }
    if (mode != "direct") {
      proxied.push_back(
          Throughput(upstream, proxy, bytes, upstream_pid, proxy_pid));
      PrintRun("proxy", i, proxied.back(), bytes);
    }
  }
  if (mode != "both") {
    cleanup();
    return 0;
  }
  Run d = Median(direct), p = Median(proxied);
  double gib = static_cast<double>(bytes) / (1 << 30);
  std::printf("throughput_direct_MiBps %.0f\n", d.mibps);
  std::printf("throughput_proxy_MiBps %.0f\n", p.mibps);
  std::printf("throughput_ratio %.3f\n", p.mibps / d.mibps);
  std::printf("cpu_s_per_GiB_direct_total %.2f\n",
              (d.client_cpu + d.upstream_cpu) / gib);
  std::printf("cpu_s_per_GiB_proxied_total %.2f\n",
              (p.client_cpu + p.upstream_cpu + p.proxy_cpu) / gib);
  std::printf("cpu_s_per_GiB_proxy_process %.2f\n", p.proxy_cpu / gib);

  int failures = 0;
  if (rounds > 0) {
    double lat_direct = MedianConnectUs(upstream, 0, rounds);
    double lat_proxy = MedianConnectUs(upstream, proxy, rounds);
    std::printf("connect_median_direct_us %.1f\n", lat_direct);
    std::printf("connect_median_proxy_us %.1f\n", lat_proxy);
    std::printf("connect_median_added_us %.1f\n", lat_proxy - lat_direct);
    if (lat_direct < 0 || lat_proxy < 0) ++failures;
  }
  if (tunnels > 0) {
    int f = ConcurrentFailures(upstream, proxy, tunnels);
    std::printf("concurrent_tunnels %d\n", tunnels);
    std::printf("concurrent_failures %d\n", f);
    failures += f;
  }
  if (d.mibps < 0 || p.mibps < 0) ++failures;
  cleanup();
  return failures == 0 ? 0 : 2;
}
