#include <gtest/gtest.h>

#include "runner/fake_roots.h"
#include "runner/runner_check.h"

namespace sg::runner {
namespace {

using testing::CleanHostedRunner;
using testing::Condition;
using testing::CountRule;
using testing::FirstRule;

class NetworkProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { CleanHostedRunner(&fake_); }
  FakeSystemView fake_;
};

TEST_F(NetworkProbeTest, NothingConfiguredNothingProbed) {
  RunnerReport r = RunRunnerChecks(fake_, {}, DefaultRunnerPolicy());
  EXPECT_TRUE(r.facts.network.proxy_variables.empty());
  EXPECT_TRUE(r.facts.network.monitor.empty());
  EXPECT_TRUE(r.facts.network.reachability.empty());
  EXPECT_EQ(Condition(r, "proxy"), Tri::kNo);
  EXPECT_EQ(Condition(r, "network-monitor"), Tri::kNo);
}

TEST_F(NetworkProbeTest, ProxyIsInfoAndItsCredentialsStayHidden) {
  fake_.SetEnv("HTTPS_PROXY", "http://user:hunter2@proxy.internal:3128");
  fake_.SetEnv("no_proxy", "localhost");
  RunnerReport r = RunRunnerChecks(fake_, {}, DefaultRunnerPolicy());
  const Finding* f = FirstRule(r, "runner-proxy-configured");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kInfo);
  EXPECT_EQ(f->message.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.facts.network.proxy_variables,
            std::vector<std::string>{"HTTPS_PROXY"});
  EXPECT_EQ(Condition(r, "proxy"), Tri::kYes);
}

TEST_F(NetworkProbeTest, HardenRunnerIsRecognised) {
  fake_.AddProcess({900,
                    1,
                    "agent",
                    0,
                    200,
                    false,
                    {},
                    false,
                    "0::/system.slice/agent.service",
                    "/home/agent/agent"});
  RunnerReport r = RunRunnerChecks(fake_, {}, DefaultRunnerPolicy());
  EXPECT_EQ(r.facts.network.monitor, "harden-runner");
  EXPECT_EQ(Condition(r, "network-monitor"), Tri::kYes);
  // A different program called "agent" is not harden-runner.
  FakeSystemView other;
  CleanHostedRunner(&other);
  other.AddProcess(
      {900, 1, "agent", 0, 200, false, {}, false, "0::/", "/usr/bin/agent"});
  EXPECT_TRUE(RunRunnerChecks(other, {}, DefaultRunnerPolicy())
                  .facts.network.monitor.empty());
}

TEST_F(NetworkProbeTest, ProbeNetworkOnlyWhenAsked) {
  fake_.AddTcpListener("127.0.0.1", 8080);
  RunnerOptions o;
  o.probe_network = {{"127.0.0.1", 8080}, {"127.0.0.1", 9}};
  RunnerReport r = RunRunnerChecks(fake_, o, DefaultRunnerPolicy());
  ASSERT_EQ(r.facts.network.reachability.size(), 2u);
  EXPECT_EQ(r.facts.network.reachability[0].endpoint, "127.0.0.1:8080");
  EXPECT_TRUE(r.facts.network.reachability[0].reachable);
  EXPECT_FALSE(r.facts.network.reachability[1].reachable);
  EXPECT_NE(r.facts.network.reachability[1].error.find("refused"),
            std::string::npos);
  EXPECT_EQ(CountRule(r, "runner-proxy-configured"), 0);
}

}  // namespace
}  // namespace sg::runner
