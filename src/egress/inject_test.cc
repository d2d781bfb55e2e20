// Credential injection end to end: a task-side client talks plain HTTP to the
// proxy with a dummy key; the proxy forwards over TLS (libcurl) to an HTTPS
// origin on 127.0.0.1 (self-signed certificate made in the test, origin name
// mapped to loopback by the override table) with the real secret added.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <mutex>
#include <thread>

#include "base/file.h"
#include "egress/proxy.h"
#include "egress/task_env.h"
#include "egress/test_util.h"
#include "egress/tls_test_util.h"

extern char** environ;

namespace sg::egress {
namespace {

using testing::ConnectTo127;
using testing::RecvAll;
using testing::RecvUntil;
using testing::SendAll;

constexpr char kSecret[] = "sk-test-REAL-SECRET-0123456789";
constexpr char kHost[] = "api.example.test";

class InjectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::MakeTestCert(kHost, &cert_);
    char dir[] = "/tmp/sg-inject-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
    ca_file_ = dir_ + "/ca.pem";
    ASSERT_TRUE(WriteFile(ca_file_, cert_.cert_pem).ok());

    server_ = std::make_unique<httplib::SSLServer>(cert_.cert, cert_.key);
    ASSERT_TRUE(server_->is_valid());
    server_->Post("/v1/chat",
                  [this](const httplib::Request& req, httplib::Response& res) {
                    std::lock_guard<std::mutex> lock(mu_);
                    seen_auth_ = req.get_header_value("Authorization");
                    seen_api_key_ = req.get_header_value("X-Api-Key");
                    seen_body_ = req.body;
                    seen_path_ = req.path + "?" + req.get_param_value("q");
                    res.set_content("{\"ok\":true}", "application/json");
                  });
    server_->Get("/v1/stream", [this](const httplib::Request&,
                                      httplib::Response& res) {
      res.set_chunked_content_provider(
          "text/event-stream", [this](size_t, httplib::DataSink& sink) {
            std::string one = "data: one\n\n";
            sink.write(one.data(), one.size());
            // The second event is sent only once the client has seen the
            // first: a proxy that buffered the response would stall here.
            streamed_ =
                first_seen_.get_future().wait_for(std::chrono::seconds(10)) ==
                std::future_status::ready;
            std::string two = "data: two\n\n";
            sink.write(two.data(), two.size());
            sink.done();
            return true;
          });
    });
    origin_port_ = server_->bind_to_any_port("127.0.0.1");
    server_thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  void TearDown() override {
    proxy_.reset();
    EXPECT_EQ(non_loopback_connects_.load(), 0);
    if (server_) server_->stop();
    if (server_thread_.joinable()) server_thread_.join();
    if (!dir_.empty()) {
      unlink(ca_file_.c_str());
      rmdir(dir_.c_str());
    }
  }

  Config MakeConfig(std::string as = "bearer") {
    Config c;
    c.resolver = std::make_shared<StaticResolver>(
        std::map<std::string, std::vector<IpAddress>>{});
    c.audit = sink_;
    c.connect_hook = testing::LoopbackOnlyHook(&non_loopback_connects_);
    c.host_overrides[kHost] = {"127.0.0.1"};
    c.allow_addresses = {"127.0.0.1"};
    auto s =
        ParseInjectSecretFlag("TEST_API_KEY=https://" + std::string(kHost) +
                              ":" + std::to_string(origin_port_) + "/v1");
    EXPECT_TRUE(s.ok());
    EXPECT_TRUE(ApplyInjectAs(as, &*s).ok());
    s->value = kSecret;
    s->ca_file = ca_file_;
    c.secrets.push_back(*s);
    return c;
  }

  void StartProxy(Config c) {
    config_ = c;
    auto p = Proxy::Create(std::move(c));
    ASSERT_TRUE(p.ok()) << p.status().message();
    proxy_ = std::move(p).value();
    port_ = *proxy_->ListenLoopback();
    ASSERT_TRUE(proxy_->Start().ok());
  }

  std::string Post(const std::string& path, const std::string& body) {
    Fd fd = ConnectTo127(port_);
    SendAll(fd.get(), "POST " + path +
                          " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Authorization: Bearer " +
                          std::string(kDummySecret) +
                          "\r\nContent-Type: application/json\r\n"
                          "Content-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body);
    return RecvAll(fd.get());
  }

  testing::TestCert cert_;
  std::string dir_, ca_file_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread server_thread_;
  int origin_port_ = 0;
  std::mutex mu_;
  std::string seen_auth_, seen_api_key_, seen_body_, seen_path_;
  std::promise<void> first_seen_;
  std::atomic<bool> streamed_{false};
  std::atomic<int> non_loopback_connects_{0};
  std::shared_ptr<MemoryAuditSink> sink_ = std::make_shared<MemoryAuditSink>();
  Config config_;
  std::unique_ptr<Proxy> proxy_;
  uint16_t port_ = 0;
};

TEST_F(InjectTest, ForwardsOverTlsWithRealBearerToken) {
  StartProxy(MakeConfig());
  std::string resp =
      Post("/stepguard-inject/TEST_API_KEY/chat?q=1", "{\"prompt\":\"hi\"}");
  EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 200") << resp;
  EXPECT_NE(resp.find("{\"ok\":true}"), std::string::npos);
  EXPECT_EQ(resp.find(kSecret), std::string::npos);
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(seen_auth_, std::string("Bearer ") + kSecret);
  EXPECT_EQ(seen_body_, "{\"prompt\":\"hi\"}");
  EXPECT_EQ(seen_path_, "/v1/chat?1");
  auto ev = sink_->Events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].allowed);
  EXPECT_EQ(ev[0].kind, "inject");
  EXPECT_EQ(ev[0].rule, "inject:TEST_API_KEY");
  EXPECT_EQ(ev[0].host, kHost);
  EXPECT_EQ(ev[0].address, "127.0.0.1");
  EXPECT_EQ(ToJsonLine(ev[0]).find(kSecret), std::string::npos);
}

TEST_F(InjectTest, ConfiguredHeaderName) {
  StartProxy(MakeConfig("header:X-Api-Key"));
  std::string resp = Post("/stepguard-inject/TEST_API_KEY/chat", "{}");
  EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 200") << resp;
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(seen_api_key_, kSecret);
  EXPECT_EQ(seen_auth_, "");  // the dummy bearer is not passed on
}

TEST_F(InjectTest, ServerSentEventsStream) {
  StartProxy(MakeConfig());
  Fd fd = ConnectTo127(port_);
  SendAll(fd.get(),
          "GET /stepguard-inject/TEST_API_KEY/stream HTTP/1.1\r\n"
          "Host: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n");
  std::string first = RecvUntil(fd.get(), "data: one\n\n");
  ASSERT_NE(first.find("data: one\n\n"), std::string::npos) << first;
  EXPECT_NE(first.find("text/event-stream"), std::string::npos);
  EXPECT_EQ(first.find("data: two"), std::string::npos);
  first_seen_.set_value();
  std::string rest = RecvAll(fd.get());
  EXPECT_NE(rest.find("data: two\n\n"), std::string::npos);
  EXPECT_TRUE(streamed_);
}

TEST_F(InjectTest, OriginResolvingToRefusedAddressIsNotContacted) {
  Config c = MakeConfig();
  c.allow_addresses.clear();  // 127.0.0.1 is loopback: refused by default
  StartProxy(std::move(c));
  std::string resp = Post("/stepguard-inject/TEST_API_KEY/chat", "{}");
  EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 502") << resp;
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(seen_auth_, "");
  auto ev = sink_->Events();
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_FALSE(ev[0].allowed);
  EXPECT_EQ(ev[0].rule, "special-range:loopback");
}

TEST_F(InjectTest, UnknownNameAndBadCertificate) {
  Config c = MakeConfig();
  c.secrets[0].ca_file.clear();  // system store: the test CA is untrusted
  StartProxy(std::move(c));
  EXPECT_EQ(Post("/stepguard-inject/OTHER/chat", "{}").substr(0, 12),
            "HTTP/1.1 404");
  std::string resp = Post("/stepguard-inject/TEST_API_KEY/chat", "{}");
  EXPECT_EQ(resp.substr(0, 12), "HTTP/1.1 502") << resp;
  EXPECT_EQ(resp.find(kSecret), std::string::npos);
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(seen_auth_, "");  // no TLS session, no request, no secret
}

TEST(InjectConfigTest, ParsesFlagsAndEnvironment) {
  EXPECT_FALSE(ParseInjectSecretFlag("NOVALUE").ok());
  EXPECT_FALSE(ParseInjectSecretFlag("=https://x").ok());
  auto s = ParseInjectSecretFlag("OPENAI_API_KEY=https://api.openai.com/v1");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->header, "Authorization");
  EXPECT_FALSE(ApplyInjectAs("cookie", &*s).ok());
  EXPECT_EQ(BaseUrlVariable("OPENAI_API_KEY"), "OPENAI_BASE_URL");
  EXPECT_EQ(BaseUrlVariable("GH_TOKEN"), "GH_TOKEN_BASE_URL");
  Config c;
  c.secrets.push_back(*s);
  c.secrets[0].value = kSecret;
  std::map<std::string, std::string> env;
  for (auto& [k, v] : TaskEnvironment(c, 3128)) env[k] = v;
  EXPECT_EQ(env["https_proxy"], "http://127.0.0.1:3128");
  EXPECT_EQ(env["HTTP_PROXY"], "http://127.0.0.1:3128");
  EXPECT_EQ(env["ALL_PROXY"], "http://127.0.0.1:3128");
  EXPECT_EQ(env["no_proxy"], "localhost,127.0.0.1,::1");
  EXPECT_EQ(env["OPENAI_API_KEY"], kDummySecret);
  EXPECT_EQ(env["OPENAI_BASE_URL"],
            "http://127.0.0.1:3128/stepguard-inject/OPENAI_API_KEY");
  for (auto& [k, v] : env) EXPECT_EQ(v.find(kSecret), std::string::npos) << k;
  // Bad origins are refused at Create.
  for (const char* origin : {"http://api.x.test", "https://u@api.x.test",
                             "https://api.x.test?x", "ftp://x"}) {
    Config bad;
    bad.secrets.push_back(*s);
    bad.secrets[0].origin = origin;
    EXPECT_FALSE(Proxy::Create(bad).ok()) << origin;
  }
}

// The task process, started with exactly the environment egress prescribes,
// finds no secret in its environment, command line or memory maps, and still
// gets its API call answered with the real credential applied.
TEST_F(InjectTest, TaskNeverSeesTheSecret) {
  if (access("/usr/bin/python3", X_OK) != 0) {
    GTEST_SKIP() << "python3 not installed";
  }
  StartProxy(MakeConfig());
  std::vector<std::string> env_strings = {"PATH=/usr/bin:/bin", "LANG=C"};
  for (auto& [k, v] : TaskEnvironment(config_, port_)) {
    env_strings.push_back(k + "=" + v);
  }
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  const char* script = R"PY(
import os, sys, urllib.request
seen = open('/proc/self/environ','rb').read() + open('/proc/self/cmdline','rb').read()
seen += open('/proc/self/maps','rb').read()
req = urllib.request.Request(os.environ['TEST_BASE_URL'] + '/chat',
    data=b'{"from":"task"}', method='POST',
    headers={'Authorization': 'Bearer ' + os.environ['TEST_API_KEY'],
             'Content-Type': 'application/json'})
body = urllib.request.urlopen(req, timeout=20).read()
sys.stdout.buffer.write(seen + b'\n---\n' + body)
)PY";
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  const char* argv[] = {"python3", "-c", script, nullptr};
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, "/usr/bin/python3", &fa, nullptr,
                        const_cast<char**>(argv), envp.data()),
            0);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  Fd read_end(out[0]);
  std::string output;
  char buf[65536];
  for (ssize_t n; (n = read(read_end.get(), buf, sizeof(buf))) > 0;) {
    output.append(buf, static_cast<size_t>(n));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << output;
  EXPECT_EQ(output.find(kSecret), std::string::npos);
  EXPECT_NE(output.find(kDummySecret), std::string::npos);
  EXPECT_NE(output.find("{\"ok\":true}"), std::string::npos) << output;
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(seen_auth_, std::string("Bearer ") + kSecret);
  EXPECT_EQ(seen_body_, "{\"from\":\"task\"}");
}

}  // namespace
}  // namespace sg::egress
