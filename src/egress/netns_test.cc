// The sandbox contract, exercised without the sandbox: a task in its own
// network namespace (loopback only) can reach nothing directly, and reaches
// an allowed host only through the proxy listener created inside that
// namespace and handed to the proxy as a file descriptor.
//
// This binary holds this one test so the fork below happens while the
// process is still single-threaded.
#include <gtest/gtest.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <cstring>

#include "egress/proxy.h"
#include "egress/test_util.h"
#include "egress/tls_test_util.h"

namespace sg::egress {
namespace {

using testing::ConnectTo127;
using testing::RecvN;
using testing::RecvUntil;
using testing::SendAll;

bool SendFd(int sock, int fd, uint16_t port) {
  char data[3] = {'L', static_cast<char>(port >> 8),
                  static_cast<char>(port & 0xff)};
  iovec iov{data, sizeof(data)};
  char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
  return sendmsg(sock, &msg, 0) == sizeof(data);
}

bool BringUpLoopback() {
  Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (ioctl(s.get(), SIOCGIFFLAGS, &ifr) != 0) return false;
  ifr.ifr_flags |= IFF_UP;
  return ioctl(s.get(), SIOCSIFFLAGS, &ifr) == 0;
}

// Runs in the forked child ("the task"). Exit codes name the failed step.
int TaskMain(int sock, const std::string& hello) {
  if (unshare(CLONE_NEWNET) != 0 &&
      unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
    char skip = 'S';
    return write(sock, &skip, 1) == 1 ? 0 : 1;
  }
  if (!BringUpLoopback()) return 2;
  uint16_t proxy_port = 0;
  Fd listener = testing::ListenOn127(&proxy_port);
  if (!listener || !SendFd(sock, listener.get(), proxy_port)) return 3;
  listener.Reset();  // the proxy holds it now
  unsigned char up[2];
  if (read(sock, up, 2) != 2) return 4;
  uint16_t upstream_port = static_cast<uint16_t>(up[0] << 8 | up[1]);

  // Ignoring the proxy: the upstream's address is unreachable from here.
  if (ConnectTo127(upstream_port, 5).valid()) return 10;
  // Through the proxy listener inside this namespace: allowed.
  Fd c = ConnectTo127(proxy_port, 10);
  if (!c) return 11;
  std::string authority = "api.example.test:" + std::to_string(upstream_port);
  SendAll(c.get(), "CONNECT " + authority + " HTTP/1.1\r\n\r\n");
  if (RecvUntil(c.get(), "\r\n\r\n") !=
      "HTTP/1.1 200 Connection established\r\n\r\n") {
    return 12;
  }
  SendAll(c.get(), hello);
  if (RecvN(c.get(), hello.size()) != hello) return 13;
  // A denied host through the proxy gets 403.
  Fd d = ConnectTo127(proxy_port, 10);
  SendAll(d.get(), "CONNECT elsewhere.test:443 HTTP/1.1\r\n\r\n");
  if (RecvUntil(d.get(), "\r\n\r\n").rfind("HTTP/1.1 403", 0) != 0) return 14;
  return 0;
}

TEST(EgressNetnsTest, TaskIgnoringProxyCannotConnectAnywhere) {
  std::string hello = testing::MakeClientHello("api.example.test");
  int sp[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp), 0);
  Fd parent_end(sp[0]), child_end(sp[1]);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    parent_end.Reset();
    _exit(TaskMain(child_end.get(), hello));
  }
  child_end.Reset();

  char data[3] = {};
  iovec iov{data, sizeof(data)};
  char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n = recvmsg(parent_end.get(), &msg, 0);
  if (n == 1 && data[0] == 'S') {
    waitpid(pid, nullptr, 0);
    GTEST_SKIP() << "cannot create a network namespace here";
  }
  ASSERT_EQ(n, 3);
  cmsghdr* c = CMSG_FIRSTHDR(&msg);
  ASSERT_NE(c, nullptr);
  int raw = -1;
  std::memcpy(&raw, CMSG_DATA(c), sizeof(int));
  Fd listener(raw);

  testing::LoopbackServer upstream(testing::LoopbackServer::Echo);
  Config config;
  config.resolver = std::make_shared<StaticResolver>(
      std::map<std::string, std::vector<IpAddress>>{});
  config.allow = {"api.example.test:" + std::to_string(upstream.port())};
  config.host_overrides["api.example.test"] = {"127.0.0.1"};
  config.allow_addresses = {"127.0.0.1"};
  config.tls_ports = {upstream.port()};
  std::atomic<int> non_loopback{0};
  config.connect_hook = testing::LoopbackOnlyHook(&non_loopback);
  auto proxy = StartProxy(config, std::move(listener));
  ASSERT_TRUE(proxy.ok()) << proxy.status().message();
  unsigned char up[2] = {static_cast<unsigned char>(upstream.port() >> 8),
                         static_cast<unsigned char>(upstream.port() & 0xff)};
  ASSERT_EQ(write(parent_end.get(), up, 2), 2);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "task step failed (see TaskMain)";
  EXPECT_EQ(upstream.accepted(), 1);  // only the proxied tunnel arrived
  EXPECT_EQ((*proxy)->stats().upstream_connects, 1u);
  EXPECT_EQ(non_loopback.load(), 0);
}

}  // namespace
}  // namespace sg::egress
