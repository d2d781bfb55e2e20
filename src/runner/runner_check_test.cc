#include "runner/runner_check.h"

#include <gtest/gtest.h>

#include "runner/fake_roots.h"

namespace sg::runner {
namespace {

using testing::CleanHostedRunner;
using testing::CountRule;
using testing::FirstRule;

class RunnerPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override { CleanHostedRunner(&fake_); }
  RunnerReport Run(ProbeContext ctx = ProbeContext::kRunner) {
    RunnerOptions o;
    o.context = ctx;
    return RunRunnerChecks(fake_, o, policy_);
  }
  bool HasNotAssessed(const RunnerReport& r, const std::string& check) {
    for (const auto& n : r.findings.not_assessed()) {
      if (n.check == check) return true;
    }
    return false;
  }
  FakeSystemView fake_;
  RunnerPolicy policy_ = DefaultRunnerPolicy();
};

TEST_F(RunnerPolicyTest, CleanHostedRunnerPassesTheDefaultPolicy) {
  RunnerReport r = Run();
  EXPECT_TRUE(r.findings.findings().empty());
  EXPECT_FALSE(r.findings.Violates(Severity::kHigh));
  EXPECT_TRUE(ValidateRunnerPolicy(policy_).ok());
}

TEST_F(RunnerPolicyTest, EveryFindingIsARunnerFindingWithRemediation) {
  fake_.SetEnv("RUNNER_ENVIRONMENT", "self-hosted");
  fake_.SetEnv("LD_PRELOAD", "x.so");
  fake_.SetEnv("NPM_TOKEN", "x");
  RunnerReport r = Run();
  ASSERT_EQ(r.findings.findings().size(), 3u);
  for (const auto& f : r.findings.findings()) {
    EXPECT_EQ(f.area, Area::kRunner);
    EXPECT_EQ(f.subject, "runner");
    EXPECT_FALSE(f.remediation.empty()) << f.rule;
    EXPECT_FALSE(f.fingerprint.empty());
  }
  EXPECT_TRUE(r.findings.Violates(Severity::kHigh));  // LD_PRELOAD
}

TEST_F(RunnerPolicyTest, SeverityOverrideAndDisable) {
  fake_.SetEnv("RUNNER_ENVIRONMENT", "self-hosted");
  fake_.SetEnv("HTTP_PROXY", "http://p:3128");
  policy_.severity["runner-self-hosted"] = Severity::kHigh;
  policy_.disable.insert("runner-proxy-configured");
  RunnerReport r = Run();
  EXPECT_EQ(FirstRule(r, "runner-self-hosted")->severity, Severity::kHigh);
  EXPECT_EQ(CountRule(r, "runner-proxy-configured"), 0);
  // Disabling hides the finding; the condition still evaluates.
  EXPECT_EQ(testing::Condition(r, "proxy"), Tri::kYes);
}

TEST_F(RunnerPolicyTest, RequireUnmetIsAViolation) {
  fake_.SetEnv("RUNNER_ENVIRONMENT", "self-hosted");
  fake_.SetLandlockAbi(0);
  policy_.require = {"github-hosted", "landlock", "ephemeral"};
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-requirement-unmet"), 2);
  EXPECT_EQ(FirstRule(r, "runner-requirement-unmet")->severity,
            Severity::kHigh);
  // Ephemeral cannot be told without a .runner file: not assessed, not passed.
  EXPECT_TRUE(HasNotAssessed(r, "runner.require: ephemeral"));
  EXPECT_TRUE(r.findings.Violates(Severity::kHigh));
}

TEST_F(RunnerPolicyTest, RequireMetIsSilent) {
  policy_.require = {"github-hosted", "ephemeral", "landlock",
                     "seccomp-user-notif"};
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-requirement-unmet"), 0);
  EXPECT_TRUE(r.findings.not_assessed().size() <= 1u);  // sshd environ only
}

TEST_F(RunnerPolicyTest, ForbidRaisesTheFindingThatShowsIt) {
  fake_.AddSocket("/run/docker.sock", true);
  fake_.AddFile("/home/runner/.netrc", "machine x login y password z\n");
  policy_.forbid = {"docker-socket-for-agent", "persisted-credentials"};
  RunnerReport r = Run();
  const Finding* f = FirstRule(r, "runner-docker-socket");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kHigh);  // info by default for `runner`
  EXPECT_NE(
      f->message.find("Forbidden by runner.forbid: docker-socket-for-agent"),
      std::string::npos);
  // Not forbidden: stays at its default.
  EXPECT_EQ(FirstRule(r, "runner-credential-file")->severity,
            Severity::kMedium);
  EXPECT_EQ(CountRule(r, "runner-forbidden"), 0);
}

TEST_F(RunnerPolicyTest, ForbidAggregateRaisesEveryMember) {
  fake_.SetEnv("BASH_ENV", "/x");
  fake_.SetEnv("GITHUB_TOKEN", "ghs_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  fake_.SetEnv("ACTIONS_RUNTIME_TOKEN", "x");
  policy_.forbid = {"credentials-in-reach"};
  policy_.violation_severity = Severity::kHigh;
  RunnerReport r = Run();
  EXPECT_EQ(FirstRule(r, "runner-secret-env")->severity, Severity::kHigh);
  EXPECT_EQ(FirstRule(r, "runner-actions-runtime-token")->severity,
            Severity::kHigh);
}

TEST_F(RunnerPolicyTest, ForbidWithoutAProbeFindingAddsOne) {
  fake_.SetIdentity({0, 0, 0, 0, {0}});
  policy_.forbid = {"root", "docker-group"};
  RunnerReport r = Run();
  ASSERT_EQ(CountRule(r, "runner-forbidden"), 1);
  EXPECT_NE(FirstRule(r, "runner-forbidden")->message.find("'root'"),
            std::string::npos);
}

TEST_F(RunnerPolicyTest, ForbidUndecidableIsNotAssessed) {
  fake_.SetIdentity({0, 0, 0, 0, {0}});  // sudo not probed for root
  policy_.forbid = {"passwordless-sudo"};
  RunnerReport r = Run();
  EXPECT_TRUE(HasNotAssessed(r, "runner.forbid: passwordless-sudo"));
}

TEST_F(RunnerPolicyTest, ValidationNamesTheUnknownEntry) {
  policy_.forbid = {"docker-sock"};
  Status s = ValidateRunnerPolicy(policy_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.message().find("'docker-sock'"), std::string::npos);
  EXPECT_NE(s.message().find("docker-socket-for-agent"), std::string::npos);
  policy_.forbid.clear();
  policy_.severity["runner-nope"] = Severity::kLow;
  EXPECT_FALSE(ValidateRunnerPolicy(policy_).ok());
  policy_.severity.clear();
  policy_.disable = {"runner-self-hosted"};
  EXPECT_TRUE(ValidateRunnerPolicy(policy_).ok());
}

}  // namespace
}  // namespace sg::runner
