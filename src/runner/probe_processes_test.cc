#include <gtest/gtest.h>

#include "runner/fake_roots.h"
#include "runner/proc_table.h"
#include "runner/runner_check.h"

namespace sg::runner {
namespace {

using testing::CleanHostedRunner;
using testing::Condition;
using testing::CountRule;
using testing::FirstRule;
using testing::kTracking;

const char kSvc[] = "0::/system.slice/runner-provisioner.service";

class ProcessProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { CleanHostedRunner(&fake_); }
  RunnerReport Run() { return RunRunnerChecks(fake_, {}, policy_); }
  FakeSystemView fake_;
  RunnerPolicy policy_ = DefaultRunnerPolicy();
};

TEST_F(ProcessProbeTest, CleanRunnerHasNoLeftovers) {
  // A sibling in the current step (a pipeline partner) is ours.
  fake_.AddProcess({702,
                    700,
                    "jq",
                    1001,
                    1502,
                    false,
                    {{"RUNNER_TRACKING_ID", kTracking}},
                    true,
                    kSvc});
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-leftover-process"), 0);
  EXPECT_EQ(Condition(r, "leftover-processes"), Tri::kNo);
  EXPECT_EQ(r.facts.processes.job_anchor, "Runner.Worker (pid 600)");
  EXPECT_EQ(r.facts.processes.total, 9);
  // sshd's environment is unreadable to the runner user: said, not hidden.
  EXPECT_EQ(r.facts.processes.unreadable, 1);
  ASSERT_EQ(r.findings.not_assessed().size(), 1u);
  EXPECT_EQ(r.findings.not_assessed()[0].check, "runner-leftover-process");
}

TEST_F(ProcessProbeTest, OrphanOfAnEarlierStepIsHigh) {
  fake_.AddProcess(
      {800,
       1,
       "nc",
       1001,
       1200,
       false,
       {{"RUNNER_TRACKING_ID", kTracking}, {"GITHUB_RUN_ID", "4242"}},
       true,
       kSvc});
  RunnerReport r = Run();
  const Finding* f = FirstRule(r, "runner-leftover-process");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->severity, Severity::kHigh);
  EXPECT_EQ(f->confidence, Confidence::kHigh);
  EXPECT_NE(f->message.find("Process 800 (nc"), std::string::npos);
  EXPECT_NE(f->message.find("earlier step of this job"), std::string::npos);
  EXPECT_EQ(r.facts.processes.leftover, 1);
  EXPECT_EQ(Condition(r, "leftover-processes"), Tri::kYes);
}

TEST_F(ProcessProbeTest, ProcessThatHidFromCleanup) {
  // RUNNER_TRACKING_ID="" nohup ... keeps a daemon past the job's end.
  fake_.AddProcess({801,
                    1,
                    "miner",
                    1001,
                    1200,
                    false,
                    {{"RUNNER_TRACKING_ID", ""}, {"GITHUB_RUN_ID", "4242"}},
                    true,
                    "0::/user.slice"});
  fake_.AddProcess({802,
                    1,
                    "backdoor",
                    1001,
                    10,
                    false,
                    {{"GITHUB_RUN_ID", "1111"}},
                    true,
                    "0::/user.slice"});
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-leftover-process"), 2);
  std::string all;
  for (const auto& f : r.findings.findings()) all += f.message + "\n";
  EXPECT_NE(all.find("tracking id removed"), std::string::npos);
  EXPECT_NE(all.find("another workflow run"), std::string::npos);
}

TEST_F(ProcessProbeTest, OutsideAWorkflowRunOtherRunIdsSayNothing) {
  fake_.UnsetEnv("GITHUB_RUN_ID");
  fake_.UnsetEnv("RUNNER_TRACKING_ID");
  fake_.AddProcess({802,
                    1,
                    "other",
                    1001,
                    10,
                    false,
                    {{"GITHUB_RUN_ID", "1111"}},
                    true,
                    "0::/user.slice"});
  EXPECT_EQ(CountRule(Run(), "runner-leftover-process"), 0);
}

TEST_F(ProcessProbeTest, WorkerChildOutsideTheStep) {
  fake_.AddProcess({650, 600, "sleep", 1001, 1100, false, {}, true, kSvc});
  EXPECT_EQ(CountRule(Run(), "runner-leftover-process"), 1);
}

TEST_F(ProcessProbeTest, ScrubbedProcessInRunnerCgroupIsMediumConfidence) {
  // Started through sudo (environment reset) during this job.
  fake_.AddProcess({810, 1, "tcpdump", 0, 1300, false, {}, false, kSvc});
  RunnerReport r = Run();
  const Finding* f = FirstRule(r, "runner-leftover-process");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->confidence, Confidence::kMedium);
}

TEST_F(ProcessProbeTest, DaemonsStartedBeforeTheJobAreNotLeftovers) {
  fake_.AddProcess({811, 1, "hosted-agent", 0, 900, false, {}, false, kSvc});
  fake_.AddProcess({812,
                    1,
                    "cron",
                    0,
                    1300,
                    false,
                    {},
                    false,
                    "0::/system.slice/cron.service"});
  EXPECT_EQ(CountRule(Run(), "runner-leftover-process"), 0);
}

TEST_F(ProcessProbeTest, AllowedProcessesAreSkipped) {
  fake_.AddProcess({820,
                    1,
                    "sccache",
                    1001,
                    1200,
                    false,
                    {{"RUNNER_TRACKING_ID", kTracking}},
                    true,
                    kSvc});
  policy_.allowed_processes = {"sccache*"};
  EXPECT_EQ(CountRule(Run(), "runner-leftover-process"), 0);
}

TEST_F(ProcessProbeTest, UnreadableProcIsNotAssessed) {
  FakeSystemView bare;
  CleanHostedRunner(&bare);
  for (int pid : {1, 2, 3, 300, 500, 600, 700, testing::kSelfPid}) {
    bare.RemovePath("/proc/" + std::to_string(pid) + "/stat");
  }
  RunnerReport r = RunRunnerChecks(bare, {}, policy_);
  EXPECT_EQ(Condition(r, "leftover-processes"), Tri::kUnknown);
  bool found = false;
  for (const auto& n : r.findings.not_assessed()) {
    found |= n.check == "runner-leftover-process";
  }
  EXPECT_TRUE(found);
}

TEST(ProcStatTest, ParsesCommWithSpacesAndParens) {
  auto p = ParseProcStat(
      "42 (a (b) c) S 7 42 42 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 12345 0 "
      "0\n");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->pid, 42);
  EXPECT_EQ(p->ppid, 7);
  EXPECT_EQ(p->comm, "a (b) c");
  EXPECT_EQ(p->start_ticks, 12345u);
  EXPECT_FALSE(p->kernel_thread);
  auto k = ParseProcStat(
      "9 (kworker/0:1) I 2 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 20 0 1 0 3 0 0");
  ASSERT_TRUE(k.has_value());
  EXPECT_TRUE(k->kernel_thread);
  EXPECT_FALSE(ParseProcStat("garbage").has_value());
}

}  // namespace
}  // namespace sg::runner
