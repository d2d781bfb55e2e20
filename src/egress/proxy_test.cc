// End-to-end tests of the egress proxy over real loopback sockets. Test host
// names are mapped to 127.0.0.x (or to addresses that must be refused before
// any connect) by the override table; no real DNS, no other address.
#include "egress/proxy.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <future>
#include <thread>

#include "egress/test_util.h"
#include "egress/tls_test_util.h"

namespace sg::egress {
namespace {

using testing::ConnectTo127;
using testing::ListenOn127;
using testing::LoopbackServer;
using testing::MakeClientHello;
using testing::RecvAll;
using testing::RecvN;
using testing::RecvUntil;
using testing::SendAll;
using testing::SetRecvTimeout;

constexpr char kOk200[] = "HTTP/1.1 200 Connection established\r\n\r\n";

class ProxyTest : public ::testing::Test {
 protected:
  Config BaseConfig() {
    Config c;
    // Every name the tests use is in host_overrides; anything else fails to
    // resolve instead of reaching real DNS.
    c.resolver = std::make_shared<StaticResolver>(
        std::map<std::string, std::vector<IpAddress>>{});
    c.audit = sink_;
    c.connect_hook = testing::LoopbackOnlyHook(&non_loopback_connects_);
    return c;
  }

  void TearDown() override {
    if (proxy_) proxy_->Stop();
    EXPECT_EQ(non_loopback_connects_.load(), 0);
  }

  std::atomic<int> non_loopback_connects_{0};

  void StartProxy(Config c) {
    auto p = Proxy::Create(std::move(c));
    ASSERT_TRUE(p.ok()) << p.status().message();
    proxy_ = std::move(p).value();
    auto port = proxy_->ListenLoopback();
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    ASSERT_TRUE(proxy_->Start().ok());
  }

  // Opens a connection, sends CONNECT, returns the response head.
  std::string Connect(Fd* fd, const std::string& authority,
                      std::string extra_headers = "") {
    *fd = ConnectTo127(port_);
    EXPECT_TRUE(fd->valid());
    SendAll(fd->get(), "CONNECT " + authority + " HTTP/1.1\r\nHost: " +
                           authority + "\r\n" + extra_headers + "\r\n");
    return RecvUntil(fd->get(), "\r\n\r\n");
  }

  // Waits (bounded) until `n` audit events were written.
  std::vector<AuditEvent> WaitForEvents(size_t n) {
    for (int i = 0; i < 1000; ++i) {
      auto ev = sink_->Events();
      if (ev.size() >= n) return ev;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return sink_->Events();
  }

  std::shared_ptr<MemoryAuditSink> sink_ = std::make_shared<MemoryAuditSink>();
  std::unique_ptr<Proxy> proxy_;
  uint16_t port_ = 0;
};

// A tunnel config: api.example.test -> 127.0.0.1, explicitly allowed.
Config TunnelConfig(Config c, uint16_t upstream_port) {
  std::string port = std::to_string(upstream_port);
  c.allow = {"api.example.test:" + port};
  c.host_overrides["api.example.test"] = {"127.0.0.1"};
  c.allow_addresses = {"127.0.0.1"};
  c.tls_ports = {upstream_port};
  return c;
}

// Parameter: relay with splice (true) or by copying (false).
class ProxyRelayTest : public ProxyTest,
                       public ::testing::WithParamInterface<bool> {
 protected:
  // Starts the proxy with a tunnel to `upstream_port` (TLS-inspected unless
  // `opaque`); returns the CONNECT authority.
  std::string StartTunnelProxy(uint16_t upstream_port, bool opaque) {
    Config config = TunnelConfig(BaseConfig(), upstream_port);
    if (opaque) config.tls_ports = {};
    config.zero_copy = GetParam();
    StartProxy(std::move(config));
    return "api.example.test:" + std::to_string(upstream_port);
  }
};

TEST_P(ProxyRelayTest, AllowedConnectTunnelsBytesBothWays) {
  LoopbackServer upstream(LoopbackServer::Echo);
  std::string authority = StartTunnelProxy(upstream.port(), false);
  Fd c;
  ASSERT_EQ(Connect(&c, authority), kOk200);
  std::string hello = MakeClientHello("api.example.test");
  std::string payload = hello + std::string(100000, 'x');
  ASSERT_TRUE(SendAll(c.get(), payload));
  EXPECT_EQ(RecvN(c.get(), payload.size()), payload);
  ::shutdown(c.get(), SHUT_WR);
  EXPECT_EQ(RecvAll(c.get()), "");  // upstream EOF propagates
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].allowed);
  EXPECT_EQ(ev[0].kind, "connect");
  EXPECT_EQ(ev[0].host, "api.example.test");
  EXPECT_EQ(ev[0].port, upstream.port());
  EXPECT_EQ(ev[0].address, "127.0.0.1");
  EXPECT_EQ(ev[0].rule, authority);
  EXPECT_EQ(ev[0].bytes_up, payload.size());
  EXPECT_EQ(ev[0].bytes_down, payload.size());
  std::string line = ToJsonLine(ev[0]);
  EXPECT_NE(line.find("\"decision\":\"allow\""), std::string::npos);
  EXPECT_NE(line.find("\"address\":\"127.0.0.1\""), std::string::npos);
}

// A server that speaks first on a non-TLS port: the proxy must pass its
// bytes on while it still inspects the client's first bytes, then hand both
// directions (with whatever is in flight) to the relay threads.
TEST_P(ProxyRelayTest,
       LargeTransfersBothWaysArriveIntactWhenServerSpeaksFirst) {
  const size_t kDown = 24u << 20, kUp = 32u << 20;
  std::string down = "220 banner\r\n" + std::string(kDown, '\0');
  std::string up(kUp, '\0');
  for (size_t i = 12; i < down.size(); ++i) down[i] = static_cast<char>(i * 7);
  for (size_t i = 0; i < up.size(); ++i) up[i] = static_cast<char>(i * 13 + 1);
  std::string received;
  std::promise<void> server_done;
  LoopbackServer upstream([&](int fd) {
    std::thread sender([&] {
      SendAll(fd, down);
      ::shutdown(fd, SHUT_WR);
    });
    char buf[65536];
    for (;;) {
      ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) break;
      received.append(buf, static_cast<size_t>(n));
    }
    sender.join();
    server_done.set_value();
  });
  std::string authority = StartTunnelProxy(upstream.port(), true);
  Fd c = ConnectTo127(port_);
  SendAll(c.get(), "CONNECT " + authority + " HTTP/1.1\r\n\r\n");
  // Exactly the response head: the banner may follow in the same segment.
  ASSERT_EQ(RecvN(c.get(), sizeof(kOk200) - 1), kOk200);
  // The banner arrives before the client has sent a byte.
  EXPECT_EQ(RecvN(c.get(), 12), "220 banner\r\n");
  std::thread client_sender([&] {
    SendAll(c.get(), up);
    ::shutdown(c.get(), SHUT_WR);
  });
  std::string got;
  char buf[65536];
  for (;;) {
    ssize_t n = ::recv(c.get(), buf, sizeof(buf), 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  client_sender.join();
  EXPECT_EQ(got.size(), down.size() - 12);
  EXPECT_TRUE(got == down.substr(12));
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].allowed);
  EXPECT_EQ(ev[0].bytes_up, kUp);
  EXPECT_EQ(ev[0].bytes_down, down.size());
  ASSERT_EQ(server_done.get_future().wait_for(std::chrono::seconds(30)),
            std::future_status::ready);
  EXPECT_EQ(received.size(), kUp);
  EXPECT_TRUE(received == up);
}

TEST_P(ProxyRelayTest, HalfCloseReachesTheServerWhichCanStillAnswer) {
  LoopbackServer upstream([](int fd) {
    std::string request = RecvAll(fd);  // until the client's EOF
    SendAll(fd, "got " + std::to_string(request.size()) + " bytes");
    ::shutdown(fd, SHUT_WR);
  });
  std::string authority = StartTunnelProxy(upstream.port(), false);
  Fd c;
  ASSERT_EQ(Connect(&c, authority), kOk200);
  std::string hello = MakeClientHello("api.example.test");
  ASSERT_TRUE(SendAll(c.get(), hello + "request body"));
  ::shutdown(c.get(), SHUT_WR);
  std::string want = "got " + std::to_string(hello.size() + 12) + " bytes";
  EXPECT_EQ(RecvAll(c.get()), want);
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].allowed);
  EXPECT_EQ(ev[0].detail, "");
  EXPECT_EQ(ev[0].bytes_up, hello.size() + 12);
  EXPECT_EQ(ev[0].bytes_down, want.size());
}

TEST_P(ProxyRelayTest, ManyConcurrentTunnels) {
  constexpr int kTunnels = 150;
  LoopbackServer upstream(LoopbackServer::Echo);
  std::string authority = StartTunnelProxy(upstream.port(), true);
  std::vector<Fd> fds(kTunnels);
  for (Fd& fd : fds) ASSERT_EQ(Connect(&fd, authority), kOk200);
  for (int i = 0; i < kTunnels; ++i) {
    ASSERT_TRUE(SendAll(fds[i].get(), "tunnel " + std::to_string(i)));
  }
  for (int i = 0; i < kTunnels; ++i) {
    std::string msg = "tunnel " + std::to_string(i);
    EXPECT_EQ(RecvN(fds[i].get(), msg.size()), msg);
  }
  EXPECT_EQ(proxy_->stats().active, kTunnels);
  fds.clear();
  auto ev = WaitForEvents(kTunnels);
  ASSERT_EQ(ev.size(), static_cast<size_t>(kTunnels));
  uint64_t up = 0, down = 0;
  for (const AuditEvent& e : ev) {
    EXPECT_TRUE(e.allowed);
    up += e.bytes_up;
    down += e.bytes_down;
  }
  EXPECT_EQ(up, down);
  for (int i = 0; i < 1000 && proxy_->stats().active > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(proxy_->stats().active, 0);
}

TEST_P(ProxyRelayTest, StopEndsRelayedTunnelsAndLogsThem) {
  LoopbackServer upstream(LoopbackServer::Echo);
  std::string authority = StartTunnelProxy(upstream.port(), true);
  Fd a, b;
  ASSERT_EQ(Connect(&a, authority), kOk200);
  ASSERT_EQ(Connect(&b, authority), kOk200);
  SendAll(a.get(), "12345");
  EXPECT_EQ(RecvN(a.get(), 5), "12345");
  proxy_->Stop();
  EXPECT_EQ(RecvAll(a.get()), "");
  EXPECT_EQ(RecvAll(b.get()), "");
  auto ev = sink_->Events();  // Stop() returns after every line is written
  ASSERT_EQ(ev.size(), 2u);
  for (const AuditEvent& e : ev) {
    EXPECT_TRUE(e.allowed);
    EXPECT_EQ(e.detail, "stopped");
  }
  EXPECT_EQ(ev[0].bytes_up + ev[1].bytes_up, 5u);
  EXPECT_EQ(proxy_->stats().active, 0);
}

INSTANTIATE_TEST_SUITE_P(SpliceAndCopy, ProxyRelayTest, ::testing::Bool());

TEST_F(ProxyTest, HostNotInAllowlistGets403AndNoConnect) {
  LoopbackServer upstream(LoopbackServer::Echo);
  Config c = TunnelConfig(BaseConfig(), upstream.port());
  c.host_overrides["other.example.test"] = {"127.0.0.1"};
  StartProxy(std::move(c));
  Fd fd;
  std::string resp =
      Connect(&fd, "other.example.test:" + std::to_string(upstream.port()));
  EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 403");
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].allowed);
  EXPECT_EQ(ev[0].rule, "no-match");
  EXPECT_EQ(proxy_->stats().upstream_connects, 0u);
  EXPECT_EQ(upstream.accepted(), 0);
}

TEST_F(ProxyTest, WildcardAndPortRules) {
  LoopbackServer upstream(LoopbackServer::Echo);
  std::string port = std::to_string(upstream.port());
  Config c = BaseConfig();
  c.allow = {"*.example.test:" + port};
  for (const char* h : {"a.example.test", "b.a.example.test", "example.test",
                        "evilexample.test"}) {
    c.host_overrides[h] = {"127.0.0.1"};
  }
  c.allow_addresses = {"127.0.0.1"};
  c.tls_ports = {};
  StartProxy(std::move(c));
  struct Case {
    std::string authority;
    bool allowed;
  } cases[] = {
      {"a.example.test:" + port, true},
      {"b.a.example.test:" + port, true},
      {"example.test:" + port, false},
      {"evilexample.test:" + port, false},
      {"a.example.test:" + std::to_string(upstream.port() == 1 ? 2 : 1), false},
  };
  for (const Case& k : cases) {
    Fd fd;
    std::string resp = Connect(&fd, k.authority);
    if (k.allowed) {
      EXPECT_EQ(resp, kOk200) << k.authority;
      SendAll(fd.get(), "ping");
      EXPECT_EQ(RecvN(fd.get(), 4), "ping") << k.authority;
    } else {
      EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 403") << k.authority;
    }
  }
  EXPECT_EQ(upstream.accepted(), 2);
}

TEST_F(ProxyTest, SniMismatchRefusedBeforeAnyConnect) {
  LoopbackServer upstream(LoopbackServer::Echo);
  StartProxy(TunnelConfig(BaseConfig(), upstream.port()));
  Fd fd;
  ASSERT_EQ(Connect(&fd, "api.example.test:" + std::to_string(upstream.port())),
            kOk200);
  // Domain fronting: allowed CONNECT name, another name in the SNI.
  SendAll(fd.get(), MakeClientHello("evil.example.test"));
  EXPECT_EQ(RecvAll(fd.get()), "");
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].allowed);
  EXPECT_EQ(ev[0].rule, "sni-mismatch");
  EXPECT_EQ(proxy_->stats().upstream_connects, 0u);
  EXPECT_EQ(upstream.accepted(), 0);
}

TEST_F(ProxyTest, TlsPortWithoutClientHelloRefused) {
  LoopbackServer upstream(LoopbackServer::Echo);
  StartProxy(TunnelConfig(BaseConfig(), upstream.port()));
  for (std::string first :
       {std::string("GET / HTTP/1.1\r\n\r\n"), MakeClientHello("")}) {
    Fd fd;
    ASSERT_EQ(
        Connect(&fd, "api.example.test:" + std::to_string(upstream.port())),
        kOk200);
    SendAll(fd.get(), first);
    EXPECT_EQ(RecvAll(fd.get()), "");
  }
  auto ev = WaitForEvents(2);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].rule, "no-client-hello");
  EXPECT_EQ(ev[1].rule, "sni-mismatch");  // ClientHello without SNI
  EXPECT_EQ(upstream.accepted(), 0);
}

TEST_F(ProxyTest, NonTlsPortTunnelStillChecksTlsSni) {
  LoopbackServer upstream(LoopbackServer::Echo);
  Config c = TunnelConfig(BaseConfig(), upstream.port());
  c.tls_ports = {};
  StartProxy(std::move(c));
  std::string authority = "api.example.test:" + std::to_string(upstream.port());
  Fd plain;
  ASSERT_EQ(Connect(&plain, authority), kOk200);
  SendAll(plain.get(), "SSH-2.0-test\r\n");
  EXPECT_EQ(RecvN(plain.get(), 14), "SSH-2.0-test\r\n");
  Fd fronted;
  ASSERT_EQ(Connect(&fronted, authority), kOk200);
  SendAll(fronted.get(), MakeClientHello("evil.example.test"));
  EXPECT_EQ(RecvAll(fronted.get()), "");
  plain.Reset();
  auto ev = WaitForEvents(2);
  ASSERT_EQ(ev.size(), 2u);
  int mismatches = 0;
  for (auto& e : ev) mismatches += e.rule == "sni-mismatch";
  EXPECT_EQ(mismatches, 1);
}

TEST_F(ProxyTest, NameResolvingToLoopbackWithoutAllowanceRefused) {
  LoopbackServer upstream(LoopbackServer::Echo);
  Config c = TunnelConfig(BaseConfig(), upstream.port());
  c.allow_addresses.clear();  // the name is allowed, its address is not
  StartProxy(std::move(c));
  Fd fd;
  std::string resp =
      Connect(&fd, "api.example.test:" + std::to_string(upstream.port()));
  EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 403");
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].rule, "special-range:loopback");
  EXPECT_EQ(ev[0].address, "127.0.0.1");
  EXPECT_EQ(upstream.accepted(), 0);
  EXPECT_EQ(proxy_->stats().upstream_connects, 0u);
}

TEST_F(ProxyTest, MetadataPrivateAndMappedAddressesRefusedBeforeConnect) {
  Config c = BaseConfig();
  c.allow = {"*.example.test:443", "*.example.test:80"};
  // The override table plays a hostile DNS. These addresses are never
  // connected to: the proxy refuses before connect(2), as the counter shows.
  c.host_overrides["metadata.example.test"] = {"169.254.169.254"};
  c.host_overrides["private.example.test"] = {"10.0.0.1"};
  c.host_overrides["mapped.example.test"] = {"::ffff:10.0.0.1"};
  c.host_overrides["cgnat.example.test"] = {"100.64.1.1"};
  c.host_overrides["ula.example.test"] = {"fd00:ec2::254"};
  c.allow_addresses = {"127.0.0.1"};  // loopback allowed; these are not
  StartProxy(std::move(c));
  struct Case {
    const char* host;
    const char* rule;
  } cases[] = {{"metadata.example.test", "special-range:link-local"},
               {"private.example.test", "special-range:private"},
               {"mapped.example.test", "special-range:ipv4-mapped"},
               {"cgnat.example.test", "special-range:cgnat"},
               {"ula.example.test", "special-range:unique-local"}};
  for (const Case& k : cases) {
    Fd fd;
    std::string resp = Connect(&fd, std::string(k.host) + ":443");
    EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 403") << k.host;
    fd = ConnectTo127(port_);
    SendAll(fd.get(), "GET http://" + std::string(k.host) +
                          "/latest/meta-data/ HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(RecvAll(fd.get()).substr(0, 12), "HTTP/1.1 403") << k.host;
  }
  auto ev = WaitForEvents(10);
  ASSERT_EQ(ev.size(), 10u);
  for (size_t i = 0; i < ev.size(); ++i) {
    EXPECT_FALSE(ev[i].allowed);
    EXPECT_EQ(ev[i].rule, cases[i / 2].rule) << i;
  }
  EXPECT_EQ(proxy_->stats().upstream_connects, 0u);
}

TEST_F(ProxyTest, IpLiteralOnlyWhenListed) {
  LoopbackServer upstream(LoopbackServer::Echo);
  std::string port = std::to_string(upstream.port());
  Config c = BaseConfig();
  c.allow = {"127.0.0.2:" + port, "*.example.test:" + port};
  c.tls_ports = {};
  StartProxy(std::move(c));
  Fd denied;
  EXPECT_EQ(Connect(&denied, "127.0.0.1:" + port).substr(0, 12),
            "HTTP/1.1 403");
  // Listing the literal is an explicit allowance of that (loopback) address.
  // 127.0.0.2 reaches the server bound to 127.0.0.1? No: it listens on
  // 127.0.0.1 only, so the connect fails; the decision is still "allow".
  Fd listed;
  EXPECT_EQ(Connect(&listed, "127.0.0.2:" + port), kOk200);
  EXPECT_EQ(RecvAll(listed.get()), "");
  auto ev = WaitForEvents(2);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].rule, "no-match");
  EXPECT_TRUE(ev[1].allowed);
  EXPECT_EQ(ev[1].address, "127.0.0.2");
  EXPECT_EQ(ev[1].detail.find("connect") != std::string::npos ||
                ev[1].detail.find("refused") != std::string::npos,
            true)
      << ev[1].detail;
}

TEST_F(ProxyTest, PlainHttpAbsoluteFormIsRewrittenAndForwarded) {
  httplib::Server web;
  std::string seen_host, seen_proxy_conn, seen_conn;
  web.Get("/hello", [&](const httplib::Request& req, httplib::Response& res) {
    seen_host = req.get_header_value("Host");
    seen_proxy_conn = req.get_header_value("Proxy-Connection");
    seen_conn = req.get_header_value("Connection");
    res.set_content("hi " + req.get_param_value("x"), "text/plain");
  });
  int web_port = web.bind_to_any_port("127.0.0.1");
  std::thread web_thread([&] { web.listen_after_bind(); });
  while (!web.is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));

  Config c = BaseConfig();
  std::string port = std::to_string(web_port);
  c.allow = {"web.example.test:" + port};
  c.host_overrides["web.example.test"] = {"127.0.0.1"};
  c.host_overrides["evil.example.test"] = {"127.0.0.1"};
  c.allow_addresses = {"127.0.0.1"};
  StartProxy(std::move(c));

  Fd fd = ConnectTo127(port_);
  SendAll(fd.get(), "GET http://web.example.test:" + port +
                        "/hello?x=1 HTTP/1.1\r\nHost: evil.example.test\r\n"
                        "Proxy-Connection: keep-alive\r\n"
                        "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n\r\n");
  std::string resp = RecvAll(fd.get());
  EXPECT_EQ(resp.substr(0, 15), "HTTP/1.1 200 OK") << resp;
  EXPECT_NE(resp.find("hi 1"), std::string::npos);
  // The Host header is the checked target, never the client's claim.
  EXPECT_EQ(seen_host, "web.example.test:" + port);
  EXPECT_EQ(seen_proxy_conn, "");
  EXPECT_EQ(seen_conn, "close");

  Fd denied = ConnectTo127(port_);
  SendAll(denied.get(), "GET http://evil.example.test:" + port +
                            "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(RecvAll(denied.get()).substr(0, 12), "HTTP/1.1 403");
  auto ev = WaitForEvents(2);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, "http");
  EXPECT_TRUE(ev[0].allowed);
  EXPECT_GT(ev[0].bytes_down, 0u);
  EXPECT_FALSE(ev[1].allowed);
  web.stop();
  web_thread.join();
}

// A plain-HTTP request is forwarded with exactly its Content-Length body:
// a pipelined second request (naming another site that may share the
// allowed host's address) never reaches the upstream, whether it came with
// the first head or later; chunked bodies and duplicate lengths are
// refused before any connection.
TEST_F(ProxyTest, PlainHttpForwardsOnlyTheFirstRequestAndItsBody) {
  uint16_t up_port = 0;
  Fd listener = ListenOn127(&up_port);
  std::string received;
  std::thread upstream([&] {
    Fd conn(accept(listener.get(), nullptr, nullptr));
    if (!conn) return;
    SetRecvTimeout(conn.get(), 10);
    // The head and its 5-byte body, then whatever else arrives while the
    // client goes on sending: none of it may come from the proxy.
    received = RecvUntil(conn.get(), "\r\n\r\nhello");
    timeval short_wait{0, 300000};
    setsockopt(conn.get(), SOL_SOCKET, SO_RCVTIMEO, &short_wait,
               sizeof(short_wait));
    char buf[4096];
    ssize_t n;
    while ((n = recv(conn.get(), buf, sizeof(buf), 0)) > 0)
      received.append(buf, static_cast<size_t>(n));
    SendAll(conn.get(), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  });

  Config c = BaseConfig();
  std::string port = std::to_string(up_port);
  c.allow = {"web.example.test:" + port};
  c.host_overrides["web.example.test"] = {"127.0.0.1"};
  c.allow_addresses = {"127.0.0.1"};
  StartProxy(std::move(c));

  Fd fd = ConnectTo127(port_);
  std::string second = "GET http://evil.example.test:" + port +
                       "/steal HTTP/1.1\r\nHost: evil.example.test\r\n\r\n";
  SendAll(fd.get(), "POST http://web.example.test:" + port +
                        "/up HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" +
                        second);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  SendAll(fd.get(), second);  // and once more, after the relay took over
  std::string resp = RecvAll(fd.get());
  upstream.join();
  EXPECT_EQ(resp.substr(0, 15), "HTTP/1.1 200 OK") << resp;
  EXPECT_EQ(received.find("evil"), std::string::npos) << received;
  EXPECT_EQ(received.substr(received.size() - 9), "\r\n\r\nhello") << received;
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].bytes_up, 5u);

  for (const char* bad :
       {"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "Content-Length: 1\r\nContent-Length: 5\r\n\r\nhello",
        "Content-Length: -5\r\n\r\n"}) {
    Fd b = ConnectTo127(port_);
    SendAll(b.get(),
            "POST http://web.example.test:" + port + "/up HTTP/1.1\r\n" + bad);
    std::string r = RecvAll(b.get());
    EXPECT_TRUE(r.substr(0, 12) == "HTTP/1.1 411" ||
                r.substr(0, 12) == "HTTP/1.1 400")
        << bad << " -> " << r;
  }
}

TEST_F(ProxyTest, MalformedRequestsGetCleanErrorsWithoutHurtingOthers) {
  LoopbackServer upstream(LoopbackServer::Echo);
  Config c = TunnelConfig(BaseConfig(), upstream.port());
  c.limits.header_timeout = std::chrono::milliseconds(500);
  c.limits.max_header_bytes = 8192;
  StartProxy(std::move(c));
  std::string authority = "api.example.test:" + std::to_string(upstream.port());

  // Slowloris: a head that trickles and never ends. Open first, keep open.
  Fd slow = ConnectTo127(port_);
  SendAll(slow.get(), "CONNECT api.example.test:");

  // Meanwhile a well-behaved client gets full service.
  Fd good;
  ASSERT_EQ(Connect(&good, authority), kOk200);
  std::string hello = MakeClientHello("api.example.test");
  SendAll(good.get(), hello);
  EXPECT_EQ(RecvN(good.get(), hello.size()), hello);

  Fd garbage = ConnectTo127(port_);
  SendAll(garbage.get(),
          std::string("\x16\x03\x01\x00\x00\xff\xfe\r\n\r\n", 11));
  EXPECT_EQ(RecvAll(garbage.get()).substr(0, 12), "HTTP/1.1 400");

  Fd big = ConnectTo127(port_);
  SendAll(big.get(), "CONNECT " + authority + " HTTP/1.1\r\nX-Big: " +
                         std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(RecvAll(big.get()).substr(0, 12), "HTTP/1.1 431");

  Fd origin_form = ConnectTo127(port_);
  SendAll(origin_form.get(), "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(RecvAll(origin_form.get()).substr(0, 12), "HTTP/1.1 400");

  // The trickling client is cut off with 408 once the head deadline passes.
  SendAll(slow.get(), "443");
  EXPECT_EQ(RecvAll(slow.get()).substr(0, 12), "HTTP/1.1 408");

  // And the good tunnel still works after all of that.
  SendAll(good.get(), "still here");
  EXPECT_EQ(RecvN(good.get(), 10), "still here");
}

TEST_F(ProxyTest, ConnectionLimit) {
  LoopbackServer upstream(LoopbackServer::Echo);
  Config c = TunnelConfig(BaseConfig(), upstream.port());
  c.limits.max_connections = 2;
  c.tls_ports = {};
  StartProxy(std::move(c));
  std::string authority = "api.example.test:" + std::to_string(upstream.port());
  Fd a, b, third;
  ASSERT_EQ(Connect(&a, authority), kOk200);
  ASSERT_EQ(Connect(&b, authority), kOk200);
  EXPECT_EQ(Connect(&third, authority).substr(0, 12), "HTTP/1.1 503");
  third.Reset();
  a.Reset();
  for (int i = 0; i < 1000 && proxy_->stats().active > 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  Fd again;
  EXPECT_EQ(Connect(&again, authority), kOk200);
  bool saw_limit = false;
  for (auto& e : WaitForEvents(1)) saw_limit |= e.rule == "limit:connections";
  EXPECT_TRUE(saw_limit);
}

TEST_F(ProxyTest, IdleTunnelIsClosed) {
  LoopbackServer upstream(LoopbackServer::Echo);
  Config c = TunnelConfig(BaseConfig(), upstream.port());
  c.limits.idle_timeout = std::chrono::milliseconds(200);
  StartProxy(std::move(c));
  Fd fd;
  ASSERT_EQ(Connect(&fd, "api.example.test:" + std::to_string(upstream.port())),
            kOk200);
  std::string hello = MakeClientHello("api.example.test");
  SendAll(fd.get(), hello);
  EXPECT_EQ(RecvN(fd.get(), hello.size()), hello);
  EXPECT_EQ(RecvAll(fd.get()), "");  // then silence until the proxy closes
  auto ev = WaitForEvents(1);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].allowed);
  EXPECT_EQ(ev[0].detail, "idle-timeout");
}

TEST_F(ProxyTest, BytesBudgetStopsTraffic) {
  LoopbackServer upstream(LoopbackServer::Echo);
  Config c = TunnelConfig(BaseConfig(), upstream.port());
  c.limits.bytes_budget = 10000;
  c.tls_ports = {};
  StartProxy(std::move(c));
  std::string authority = "api.example.test:" + std::to_string(upstream.port());
  Fd fd;
  ASSERT_EQ(Connect(&fd, authority), kOk200);
  SendAll(fd.get(), std::string(50000, 'b'));
  std::string echoed = RecvAll(fd.get());
  EXPECT_LT(echoed.size(), 50000u);
  Fd after;
  EXPECT_EQ(Connect(&after, authority).substr(0, 12), "HTTP/1.1 403");
  auto ev = WaitForEvents(2);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].rule, "limit:bytes-budget");
  EXPECT_EQ(ev[1].rule, "limit:bytes-budget");
}

TEST_F(ProxyTest, AcceptsOnGivenListenerFdAndStopsCleanly) {
  LoopbackServer upstream(LoopbackServer::Echo);
  auto p = Proxy::Create(TunnelConfig(BaseConfig(), upstream.port()));
  ASSERT_TRUE(p.ok());
  uint16_t port = 0;
  Fd listener = testing::ListenOn127(&port);
  ASSERT_TRUE((*p)->AddListener(std::move(listener)).ok());
  ASSERT_TRUE((*p)->Start().ok());
  Fd fd = ConnectTo127(port);
  SendAll(fd.get(), "CONNECT api.example.test:" +
                        std::to_string(upstream.port()) + " HTTP/1.1\r\n\r\n");
  EXPECT_EQ(RecvUntil(fd.get(), "\r\n\r\n"), kOk200);
  // Stop with a tunnel open: the tunnel is closed, threads are joined.
  (*p)->Stop();
  EXPECT_EQ(RecvAll(fd.get()), "");
  EXPECT_FALSE(ConnectTo127(port, 1).valid());  // listener closed
}

TEST_F(ProxyTest, RejectsInvalidConfig) {
  Config c = BaseConfig();
  c.allow = {"*"};
  EXPECT_FALSE(Proxy::Create(c).ok());
  c = BaseConfig();
  c.allow_addresses = {"not-an-ip"};
  EXPECT_FALSE(Proxy::Create(c).ok());
  c = BaseConfig();
  c.host_overrides["a.test"] = {"nope"};
  EXPECT_FALSE(Proxy::Create(c).ok());
}

}  // namespace
}  // namespace sg::egress
