// Client behaviour against the fake GitHub API over real loopback sockets.
// Sleeping and the clock are injected: waits are recorded, never slept.
#include "github/client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>
#include <map>

#include "base/fd.h"
#include "tests/fake_github/fake_github.h"

namespace sg::github {
namespace {

using fake::FakeGitHub;
using fake::FakeResponse;
using fake::FakeTokenInfo;
using fake::Fault;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr char kSecret[] = "ghp_PLANTEDsecretPLANTEDsecret0123456789";

// A fake clock that advances only when the client "sleeps".
struct FakeTime {
  std::chrono::system_clock::time_point now =
      std::chrono::system_clock::time_point(seconds(1'800'000'000));
  std::vector<milliseconds> sleeps;

  ClientEffects Effects() {
    ClientEffects e;
    e.sleep = [this](milliseconds d) {
      sleeps.push_back(d);
      now += d;
    };
    e.now = [this] { return now; };
    e.jitter = [] { return 0.0; };
    return e;
  }
  long long epoch() const {
    return std::chrono::duration_cast<seconds>(now.time_since_epoch()).count();
  }
};

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(gh_.Start());
    FakeTokenInfo info;
    info.oauth_scopes = "repo, workflow";
    gh_.AddToken(kSecret, info);
    gh_.RouteJson("/repos/o/r", R"({"id":1,"full_name":"o/r"})");
  }

  ClientOptions Options() {
    ClientOptions o;
    o.base_url = gh_.base_url();
    o.backoff_base = milliseconds(100);
    o.transport.timeout_ms = 5000;
    return o;
  }

  std::unique_ptr<Client> MakeClient(ClientOptions o) {
    return std::make_unique<Client>(std::move(o), Token(kSecret),
                                    time_.Effects());
  }

  FakeGitHub gh_;
  FakeTime time_;
};

TEST_F(ClientTest, SendsPinnedHeadersAndBearerToken) {
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/o/r");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"id":1,"full_name":"o/r"})");
  auto log = gh_.requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].headers["x-github-api-version"], "2022-11-28");
  EXPECT_EQ(log[0].headers["accept"], "application/vnd.github+json");
  EXPECT_EQ(log[0].headers["user-agent"], "stepguard");
  EXPECT_EQ(log[0].headers["authorization"], std::string("Bearer ") + kSecret);
}

TEST(ClientOptionsTest, ReadsGhesUrlProxyAndCacheFromEnvironment) {
  std::map<std::string, std::string> env = {
      {"GITHUB_API_URL", "https://ghes.example.test/api/v3/"},
      {"HTTPS_PROXY", "http://proxy.test:3128"},
      {"NO_PROXY", "localhost,.internal"},
      {"HOME", "/home/u"}};
  EnvLookup lookup = [&](std::string_view n) -> std::optional<std::string> {
    auto it = env.find(std::string(n));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  ClientOptions o = ClientOptionsFromEnv(lookup);
  EXPECT_EQ(o.base_url, "https://ghes.example.test/api/v3");
  EXPECT_EQ(o.transport.proxy, "http://proxy.test:3128");
  EXPECT_EQ(o.transport.no_proxy, "localhost,.internal");
  EXPECT_EQ(o.cache_dir, "/home/u/.cache/stepguard/github");

  // Plain-http API: only the lower-case http_proxy counts, as in libcurl.
  env = {{"GITHUB_API_URL", "http://127.0.0.1:1"},
         {"HTTP_PROXY", "http://ignored:1"}};
  o = ClientOptionsFromEnv(lookup);
  EXPECT_FALSE(o.transport.proxy.has_value());
  env["http_proxy"] = "http://used:1";
  o = ClientOptionsFromEnv(lookup);
  EXPECT_EQ(o.transport.proxy, "http://used:1");

  env.clear();
  o = ClientOptionsFromEnv(lookup);
  EXPECT_EQ(o.base_url, "https://api.github.com");
}

TEST_F(ClientTest, RetriesFiveXxBurstWithExponentialBackoff) {
  gh_.InjectFault(Fault::Status(502), 2);
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/o/r");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(gh_.request_count(), 3u);
  EXPECT_EQ(c->stats().retries, 2u);
  // jitter 0 -> half of 100 ms, then half of 200 ms.
  ASSERT_EQ(time_.sleeps.size(), 2u);
  EXPECT_EQ(time_.sleeps[0], milliseconds(50));
  EXPECT_EQ(time_.sleeps[1], milliseconds(100));
}

TEST_F(ClientTest, JitterSpreadsBackoff) {
  gh_.InjectFault(Fault::Status(500), 1);
  ClientEffects e = time_.Effects();
  e.jitter = [] { return 0.999; };
  Client c(Options(), Token(kSecret), e);
  ASSERT_TRUE(c.Get("/repos/o/r").ok());
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_GT(time_.sleeps[0], milliseconds(90));
  EXPECT_LE(time_.sleeps[0], milliseconds(100));
}

TEST_F(ClientTest, GivesUpAfterMaxAttemptsWithCleanError) {
  gh_.InjectFault(Fault::Status(503), 10);
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/o/r");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("HTTP 503"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("after 4 attempts"), std::string::npos);
  EXPECT_EQ(gh_.request_count(), 4u);
}

TEST_F(ClientTest, Retry503HonoursRetryAfter) {
  gh_.InjectFault(Fault::Status(503, 3), 1);
  auto c = MakeClient(Options());
  ASSERT_TRUE(c->Get("/repos/o/r").ok());
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_EQ(time_.sleeps[0], milliseconds(3000));
}

TEST_F(ClientTest, ConnectionRefusedIsRetriedThenReported) {
  // A port held bound but not listening: connecting is refused, and since
  // the port stays taken the kernel cannot pick it as our own source port
  // (which would make a TCP self-connection instead of a refusal).
  int port = 0;
  Fd s(::socket(AF_INET, SOCK_STREAM, 0));
  {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(s.get(), reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    socklen_t len = sizeof a;
    ::getsockname(s.get(), reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ClientOptions o = Options();
  o.base_url = "http://127.0.0.1:" + std::to_string(port);
  auto c = MakeClient(o);
  auto r = c->Get("/repos/o/r");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("after 4 attempts"), std::string::npos)
      << r.status().message();
  EXPECT_EQ(c->stats().retries, 3u);
}

TEST_F(ClientTest, TruncatedBodyIsRetried) {
  gh_.InjectFault(Fault::Truncated(), 1);
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/o/r");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->body, R"({"id":1,"full_name":"o/r"})");
  EXPECT_EQ(c->stats().retries, 1u);
}

TEST_F(ClientTest, SlowBodyTimesOutAndIsRetried) {
  gh_.InjectFault(Fault::SlowBody(milliseconds(200)), 1);
  ClientOptions o = Options();
  o.transport.timeout_ms = 300;  // the slow body needs ~5 s
  auto c = MakeClient(o);
  auto r = c->Get("/repos/o/r");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(c->stats().retries, 1u);
}

TEST_F(ClientTest, PrimaryRateLimitShortWaitIsWaitedOut) {
  gh_.SetRateLimit(5000, time_.epoch() + 30);
  gh_.InjectFault(Fault::PrimaryLimit(), 1);
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/o/r");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_EQ(time_.sleeps[0], milliseconds(31'000));
  EXPECT_EQ(c->stats().rate_limit_waits, 1u);
}

TEST_F(ClientTest, PrimaryRateLimitLongWaitStopsAsNotAssessed) {
  gh_.SetRateLimit(5000, time_.epoch() + 3600);
  gh_.InjectFault(Fault::PrimaryLimit(429), 1);
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/o/r");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(r.status().message().find("rate limit exhausted"),
            std::string::npos);
  EXPECT_NE(r.status().message().find("not assessed"), std::string::npos);
  EXPECT_TRUE(time_.sleeps.empty());
  EXPECT_EQ(gh_.request_count(), 1u);
}

TEST_F(ClientTest, ExhaustedLimitSeenOnSuccessGatesTheNextRequest) {
  gh_.SetRateLimit(1, time_.epoch() + 10);
  auto c = MakeClient(Options());
  ASSERT_TRUE(c->Get("/repos/o/r").ok());  // leaves remaining at 0
  EXPECT_TRUE(time_.sleeps.empty());
  gh_.SetRateLimit(5000, time_.epoch() + 3600);  // the window resets
  ASSERT_TRUE(c->Get("/repos/o/r").ok());
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_EQ(time_.sleeps[0], milliseconds(11'000));
  EXPECT_EQ(gh_.request_count(), 2u);  // nothing was sent to be refused
}

TEST_F(ClientTest, ExhaustedLimitFarAwayFailsWithoutSending) {
  gh_.SetRateLimit(1, time_.epoch() + 7200);
  auto c = MakeClient(Options());
  ASSERT_TRUE(c->Get("/repos/o/r").ok());
  auto r = c->Get("/repos/o/r");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("not assessed"), std::string::npos);
  EXPECT_EQ(gh_.request_count(), 1u);
}

TEST_F(ClientTest, SecondaryRateLimitHonoursRetryAfter) {
  gh_.InjectFault(Fault::SecondaryLimit(429, 7), 1);
  auto c = MakeClient(Options());
  ASSERT_TRUE(c->Get("/repos/o/r").ok());
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_EQ(time_.sleeps[0], milliseconds(7000));
}

TEST_F(ClientTest, SecondaryRateLimitWithoutRetryAfterWaitsAMinuteThenStops) {
  gh_.InjectFault(Fault::SecondaryLimit(403), 1);
  auto c = MakeClient(Options());
  ASSERT_TRUE(c->Get("/repos/o/r").ok());
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_EQ(time_.sleeps[0], milliseconds(60'000));

  // Persisting: 60 s already spent, the next 120 s exceeds the budget.
  gh_.InjectFault(Fault::SecondaryLimit(403), 5);
  auto r = c->Get("/repos/o/r");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("secondary rate limit"),
            std::string::npos);
  EXPECT_NE(r.status().message().find("not assessed"), std::string::npos);
}

TEST_F(ClientTest, PlainForbiddenIsAnAnswerNotARateLimit) {
  FakeResponse forbidden;
  forbidden.status = 403;
  forbidden.body =
      R"({"message":"Resource not accessible by personal access token"})";
  forbidden.headers.emplace_back("x-accepted-github-permissions",
                                 "administration=read");
  gh_.Route("GET", "/repos/o/r/actions/permissions/workflow", forbidden);
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/o/r/actions/permissions/workflow");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(r->headers.Get("x-accepted-github-permissions"),
            "administration=read");
  EXPECT_EQ(c->DescribeError(*r),
            "HTTP 403: Resource not accessible by personal access token");
  EXPECT_TRUE(time_.sleeps.empty());
}

TEST_F(ClientTest, FollowsLinkPagination) {
  std::vector<std::string> items;
  for (int i = 0; i < 7; ++i)
    items.push_back(R"({"n":)" + std::to_string(i) + "}");
  gh_.RoutePaginated("/repos/o/r/tags", items, 3);
  auto c = MakeClient(Options());
  auto pages = c->GetAllPages("/repos/o/r/tags?per_page=3");
  ASSERT_TRUE(pages.ok()) << pages.status().ToString();
  ASSERT_EQ(pages->size(), 3u);
  EXPECT_EQ((*pages)[2].body, R"([{"n":6}])");
}

TEST_F(ClientTest, PaginationLinkToAnotherOriginIsRefused) {
  FakeResponse r;
  r.body = "[1]";
  r.headers.emplace_back("link",
                         "<http://127.0.0.2:9/steal?page=2>; rel=\"next\"");
  gh_.Route("GET", "/repos/o/r/branches", r);
  auto c = MakeClient(Options());
  auto pages = c->GetAllPages("/repos/o/r/branches");
  ASSERT_FALSE(pages.ok());
  EXPECT_EQ(gh_.request_count(), 1u);
}

TEST_F(ClientTest, EtagCacheTurnsRepeatIntoFree304) {
  std::string dir =
      ::testing::TempDir() + "/etag-cache-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  ClientOptions o = Options();
  o.cache_dir = dir;
  {
    auto c = MakeClient(o);
    ASSERT_TRUE(c->Get("/repos/o/r").ok());
  }
  long remaining = gh_.rate_remaining();
  auto c = MakeClient(o);  // a later run: a new client, the same disk cache
  auto r = c->Get("/repos/o/r");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->from_cache);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, R"({"id":1,"full_name":"o/r"})");
  EXPECT_EQ(c->stats().not_modified, 1u);
  // Per-request headers come from the 304, not from the stored entry.
  EXPECT_EQ(r->headers.Get("x-oauth-scopes"), "repo, workflow");
  EXPECT_TRUE(r->headers.Has("link") || r->headers.Has("etag"));
  EXPECT_EQ(gh_.rate_remaining(), remaining);
  auto log = gh_.requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].status, 304);
  EXPECT_FALSE(log[1].headers["if-none-match"].empty());

  // Another credential never revalidates against this one's entries.
  std::string other = "ghp_OTHERtokenOTHERtokenOTHERtoken012345";
  gh_.AddToken(other, {});
  Client c2(o, Token(other), time_.Effects());
  ASSERT_TRUE(c2.Get("/repos/o/r").ok());
  EXPECT_EQ(gh_.requests().back().headers.count("if-none-match"), 0u);

  // Changed content: the ETag differs, a full answer replaces the entry.
  gh_.RouteJson("/repos/o/r", R"({"id":1,"full_name":"o/r2"})");
  auto changed = c->Get("/repos/o/r");
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(changed->from_cache);
  EXPECT_EQ(changed->body, R"({"id":1,"full_name":"o/r2"})");
  std::filesystem::remove_all(dir);
}

TEST_F(ClientTest, RedirectKeepsTokenOnlyWithinTheApiOrigin) {
  gh_.Redirect("/repos/old/name", "/repositories/1");
  gh_.RouteJson("/repositories/1", R"({"id":1})");
  auto c = MakeClient(Options());
  auto r = c->Get("/repos/old/name");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(gh_.requests().back().headers["authorization"],
            std::string("Bearer ") + kSecret);

  FakeGitHub elsewhere;  // another origin (different port)
  ASSERT_TRUE(elsewhere.Start());
  elsewhere.RouteJson("/download", R"({"ok":true})");
  gh_.Redirect("/repos/o/r/tarball", elsewhere.base_url() + "/download", 302);
  auto moved = c->Get("/repos/o/r/tarball");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->status, 200);
  ASSERT_EQ(elsewhere.request_count(), 1u);
  EXPECT_EQ(elsewhere.requests()[0].headers.count("authorization"), 0u);
}

TEST_F(ClientTest, RedirectLoopIsAnError) {
  gh_.Redirect("/a", "/b");
  gh_.Redirect("/b", "/a");
  auto c = MakeClient(Options());
  auto r = c->Get("/a");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("too many redirects"), std::string::npos);
}

TEST_F(ClientTest, ConcurrentRequestsStayWithinTheBound) {
  gh_.SetLatency(milliseconds(50));
  std::vector<ApiCall> calls;
  for (int i = 0; i < 12; ++i) {
    std::string path = "/repos/o/r" + std::to_string(i);
    gh_.RouteJson(path, "{\"n\":" + std::to_string(i) + "}");
    ApiCall call;
    call.path = path;
    calls.push_back(call);
  }
  ClientOptions o = Options();
  o.transport.max_concurrency = 4;
  auto c = MakeClient(o);
  auto results = c->CallMany(calls);
  ASSERT_EQ(results.size(), 12u);
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(results[i].ok());
    EXPECT_EQ(results[i]->body, "{\"n\":" + std::to_string(i) + "}");
  }
  EXPECT_GE(gh_.max_in_flight(), 2);
  EXPECT_LE(gh_.max_in_flight(), 4);
}

TEST_F(ClientTest, ProxyFromEnvironmentIsUsedAndNoProxyBypassesIt) {
  fake::RecordingProxy proxy;
  ASSERT_TRUE(proxy.Start());
  std::map<std::string, std::string> env = {{"GITHUB_API_URL", gh_.base_url()},
                                            {"http_proxy", proxy.url()}};
  EnvLookup lookup = [&](std::string_view n) -> std::optional<std::string> {
    auto it = env.find(std::string(n));
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  {
    Client c(ClientOptionsFromEnv(lookup), Token(kSecret), time_.Effects());
    auto r = c.Get("/repos/o/r");
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 200);
    ASSERT_EQ(proxy.targets().size(), 1u);
    EXPECT_EQ(proxy.targets()[0], gh_.base_url() + "/repos/o/r");
  }
  env["NO_PROXY"] = "127.0.0.1";
  Client c(ClientOptionsFromEnv(lookup), Token(kSecret), time_.Effects());
  ASSERT_TRUE(c.Get("/repos/o/r").ok());
  EXPECT_EQ(proxy.targets().size(), 1u);  // bypassed
  EXPECT_EQ(gh_.request_count(), 2u);
}

TEST_F(ClientTest, TokenEchoedByServerIsScrubbedFromErrors) {
  // A hostile or buggy server echoes the credential in its error message.
  FakeResponse echo;
  echo.status = 500;
  echo.body = std::string(R"({"message":"bad token )") + kSecret + R"("})";
  gh_.Route("GET", "/echo", echo);
  auto c = MakeClient(Options());
  auto r = c->Get("/echo");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message().find(kSecret), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("[REDACTED]"), std::string::npos);
  // And a 4xx described for the user.
  echo.status = 422;
  gh_.Route("GET", "/echo", echo);
  auto answered = c->Get("/echo");
  ASSERT_TRUE(answered.ok());
  EXPECT_EQ(c->DescribeError(*answered).find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace sg::github
