#include <gtest/gtest.h>

#include "runner/fake_roots.h"
#include "runner/runner_check.h"

namespace sg::runner {
namespace {

using testing::CleanHostedRunner;
using testing::Condition;
using testing::CountRule;
using testing::FirstRule;

class IdentityProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { CleanHostedRunner(&fake_); }
  RunnerReport Run(ProbeContext ctx = ProbeContext::kRunner) {
    RunnerOptions o;
    o.context = ctx;
    return RunRunnerChecks(fake_, o, policy_);
  }
  FakeSystemView fake_;
  RunnerPolicy policy_ = DefaultRunnerPolicy();
};

TEST_F(IdentityProbeTest, HostedRunnerIsEphemeralAndNotReported) {
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-self-hosted"), 0);
  EXPECT_EQ(r.facts.runner.environment, "github-hosted");
  EXPECT_EQ(r.facts.runner.ephemeral, Tri::kYes);
  EXPECT_EQ(Condition(r, "github-hosted"), Tri::kYes);
  EXPECT_EQ(Condition(r, "self-hosted"), Tri::kNo);
  EXPECT_EQ(Condition(r, "ephemeral"), Tri::kYes);
  EXPECT_EQ(r.facts.kernel.os_name, "Ubuntu 24.04.1 LTS");
  EXPECT_EQ(r.facts.kernel.release, "6.8.0-1017-azure");
  EXPECT_EQ(r.facts.identity.user, "runner");
  EXPECT_EQ(r.facts.identity.uid, 1001u);
  EXPECT_FALSE(r.facts.identity.root);
  EXPECT_FALSE(r.facts.identity.docker_group);
  EXPECT_EQ(r.facts.identity.groups,
            (std::vector<std::string>{"runner", "adm"}));
}

TEST_F(IdentityProbeTest, PersistentSelfHostedRunnerIsMedium) {
  fake_.SetEnv("RUNNER_ENVIRONMENT", "self-hosted");
  // RUNNER_TEMP=/home/runner/work/_temp, so the runner root is /home/runner.
  fake_.AddFile("/home/runner/.runner",
                "{\n  \"agentId\": 12,\n  \"workFolder\": \"_work\"\n}\n");
  RunnerReport r = Run();
  const Finding* f = FirstRule(r, "runner-self-hosted");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kMedium);
  EXPECT_NE(f->message.find("persistent"), std::string::npos) << f->message;
  EXPECT_EQ(r.facts.runner.ephemeral, Tri::kNo);
  EXPECT_EQ(Condition(r, "self-hosted"), Tri::kYes);
  EXPECT_EQ(Condition(r, "github-hosted"), Tri::kNo);
  EXPECT_EQ(Condition(r, "ephemeral"), Tri::kNo);
}

TEST_F(IdentityProbeTest, EphemeralSelfHostedRunnerIsRecognised) {
  fake_.SetEnv("RUNNER_ENVIRONMENT", "self-hosted");
  fake_.AddFile("/home/runner/.runner",
                "{\"agentId\": 3, \"ephemeral\": true}");
  RunnerReport r = Run();
  EXPECT_EQ(r.facts.runner.ephemeral, Tri::kYes);
  EXPECT_EQ(CountRule(r, "runner-self-hosted"), 1);
  EXPECT_EQ(Condition(r, "ephemeral"), Tri::kYes);
}

TEST_F(IdentityProbeTest, RegistrationFileFoundThroughTheWorkerBinary) {
  // A custom work folder: RUNNER_TEMP says nothing about the runner root.
  fake_.SetEnv("RUNNER_ENVIRONMENT", "self-hosted");
  fake_.SetEnv("RUNNER_TEMP", "/mnt/work/_temp");
  fake_.AddSymlink("/proc/600/exe", "/opt/actions-runner/bin/Runner.Worker");
  fake_.AddFile("/opt/actions-runner/.runner", "{\"ephemeral\": true}");
  RunnerReport r = Run();
  EXPECT_EQ(r.facts.runner.ephemeral, Tri::kYes);
  EXPECT_NE(
      r.facts.runner.ephemeral_evidence.find("/opt/actions-runner/.runner"),
      std::string::npos);
}

TEST_F(IdentityProbeTest, SelfHostedWithoutRegistrationFileIsUnknown) {
  fake_.SetEnv("RUNNER_ENVIRONMENT", "self-hosted");
  RunnerReport r = Run();
  EXPECT_EQ(r.facts.runner.ephemeral, Tri::kUnknown);
  EXPECT_EQ(Condition(r, "ephemeral"), Tri::kUnknown);
}

TEST_F(IdentityProbeTest, OutsideActionsIsLocal) {
  fake_.UnsetEnv("GITHUB_ACTIONS");
  fake_.UnsetEnv("RUNNER_ENVIRONMENT");
  RunnerReport r = Run();
  EXPECT_EQ(r.facts.runner.environment, "local");
  EXPECT_EQ(Condition(r, "github-hosted"), Tri::kNo);
  EXPECT_EQ(CountRule(r, "runner-self-hosted"), 0);
}

TEST_F(IdentityProbeTest, PasswordlessSudoIsInfoForRunnerHighForExec) {
  fake_.SetSudo(SudoOutcome::kPasswordless);
  RunnerReport r = Run();
  const Finding* f = FirstRule(r, "runner-passwordless-sudo");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kInfo);
  EXPECT_EQ(Condition(r, "passwordless-sudo"), Tri::kYes);
  RunnerReport e = Run(ProbeContext::kExec);
  ASSERT_NE(FirstRule(e, "runner-passwordless-sudo"), nullptr);
  EXPECT_EQ(FirstRule(e, "runner-passwordless-sudo")->severity,
            Severity::kHigh);
}

TEST_F(IdentityProbeTest, SudoNeedingPasswordIsSafe) {
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-passwordless-sudo"), 0);
  EXPECT_EQ(Condition(r, "passwordless-sudo"), Tri::kNo);
  EXPECT_EQ(fake_.sudo_calls(), 1);
  EXPECT_TRUE(r.facts.identity.sudo_installed);
}

TEST_F(IdentityProbeTest, RootDoesNotRunSudo) {
  fake_.SetIdentity({0, 0, 0, 0, {0}});
  fake_.SetSudo(SudoOutcome::kPasswordless);
  RunnerReport r = Run();
  EXPECT_EQ(fake_.sudo_calls(), 0);
  EXPECT_TRUE(r.facts.identity.root);
  EXPECT_EQ(r.facts.identity.user, "root");
  EXPECT_EQ(Condition(r, "root"), Tri::kYes);
  EXPECT_EQ(Condition(r, "passwordless-sudo"), Tri::kUnknown);
  EXPECT_EQ(CountRule(r, "runner-passwordless-sudo"), 0);
}

TEST_F(IdentityProbeTest, UsableDockerSocketIsReportedOnce) {
  fake_.SetIdentity({1001, 1001, 1001, 1001, {1001, 118}});
  fake_.AddSocket("/run/docker.sock", true);
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-docker-socket"), 1);  // not again via /var/run
  const Finding* f = FirstRule(r, "runner-docker-socket");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kInfo);
  EXPECT_NE(f->message.find("docker group"), std::string::npos);
  EXPECT_TRUE(r.facts.identity.docker_group);
  EXPECT_EQ(r.facts.identity.container_sockets,
            std::vector<std::string>{"/run/docker.sock"});
  EXPECT_EQ(Condition(r, "docker-socket-for-agent"), Tri::kYes);
  RunnerReport e = Run(ProbeContext::kExec);
  EXPECT_EQ(FirstRule(e, "runner-docker-socket")->severity, Severity::kHigh);
}

TEST_F(IdentityProbeTest, DockerSocketFromDockerHostAndContainerd) {
  fake_.SetEnv("DOCKER_HOST", "unix:///home/runner/.docker/run/docker.sock");
  fake_.AddSocket("/home/runner/.docker/run/docker.sock", true);
  fake_.AddSocket("/run/containerd/containerd.sock", true);
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-docker-socket"), 2);
}

TEST_F(IdentityProbeTest, SocketThatRefusesIsNotReported) {
  fake_.AddSocket("/run/docker.sock", false);
  fake_.AddFile("/run/containerd/containerd.sock", "not a socket");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-docker-socket"), 0);
  EXPECT_EQ(Condition(r, "docker-socket"), Tri::kNo);
}

TEST_F(IdentityProbeTest, NonRootWithCapabilitiesIsReported) {
  // CAP_NET_ADMIN (12) and CAP_SYS_ADMIN (21).
  fake_.AddFile("/proc/self/status", testing::SelfStatus("0000000000201000"));
  RunnerReport r = Run();
  const Finding* f = FirstRule(r, "runner-effective-capabilities");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->message.find("cap_net_admin, cap_sys_admin"), std::string::npos)
      << f->message;
  EXPECT_EQ(r.facts.identity.cap_effective,
            (std::vector<std::string>{"cap_net_admin", "cap_sys_admin"}));
  EXPECT_EQ(r.facts.identity.cap_bounding.size(), 41u);
}

TEST_F(IdentityProbeTest, NonRootWithoutCapabilitiesIsSafe) {
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-effective-capabilities"), 0);
  EXPECT_TRUE(r.facts.identity.cap_effective.empty());
}

}  // namespace
}  // namespace sg::runner
