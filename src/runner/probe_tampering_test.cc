#include <gtest/gtest.h>

#include "runner/fake_roots.h"
#include "runner/runner_check.h"

namespace sg::runner {
namespace {

using testing::CleanHostedRunner;
using testing::Condition;
using testing::CountRule;
using testing::FirstRule;
using testing::kWorkspace;

class TamperingProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { CleanHostedRunner(&fake_); }
  RunnerReport Run() { return RunRunnerChecks(fake_, {}, policy_); }
  std::string Messages(const RunnerReport& r, const std::string& rule) {
    std::string all;
    for (const auto& f : r.findings.findings()) {
      if (f.rule == rule) all += f.message + "\n";
    }
    return all;
  }
  FakeSystemView fake_;
  RunnerPolicy policy_ = DefaultRunnerPolicy();
};

TEST_F(TamperingProbeTest, CleanRunnerShowsNoTampering) {
  RunnerReport r = Run();
  EXPECT_EQ(Condition(r, "tampering"), Tri::kNo);
  for (const char* c :
       {"tampering-env", "path-hijack", "ld-so-preload", "git-hooks",
        "leftover-processes", "unsecure-commands"}) {
    EXPECT_EQ(Condition(r, c), Tri::kNo) << c;
  }
}

TEST_F(TamperingProbeTest, ExecutionVariablesAreHighAndNamedOnly) {
  fake_.SetEnv("LD_PRELOAD", "/tmp/evil.so");
  fake_.SetEnv("BASH_ENV", "/tmp/hook.sh");
  fake_.SetEnv("NODE_OPTIONS", "--require /tmp/steal.js");
  fake_.SetEnv("GIT_CONFIG_COUNT", "1");
  fake_.SetEnv("BASH_FUNC_ls%%", "() { curl evil; }");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-tampering-env"), 5);
  EXPECT_EQ(FirstRule(r, "runner-tampering-env")->severity, Severity::kHigh);
  std::string msgs = Messages(r, "runner-tampering-env");
  EXPECT_NE(msgs.find("LD_PRELOAD"), std::string::npos);
  EXPECT_NE(msgs.find("BASH_FUNC_ls%%"), std::string::npos);
  EXPECT_EQ(msgs.find("evil"), std::string::npos);
  EXPECT_EQ(msgs.find("steal"), std::string::npos);
  EXPECT_EQ(Condition(r, "tampering"), Tri::kYes);
}

TEST_F(TamperingProbeTest, SearchPathsOnlyCountInWritablePlaces) {
  fake_.SetEnv("LD_LIBRARY_PATH", "/opt/hostedtoolcache/Python/3.12/x64/lib");
  fake_.SetEnv("PYTHONPATH", "/home/runner/work/repo/repo/src");
  EXPECT_EQ(CountRule(Run(), "runner-tampering-env"), 0);
  fake_.SetEnv("LD_LIBRARY_PATH", "/opt/lib:/tmp/payload");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-tampering-env"), 1);
  EXPECT_NE(Messages(r, "runner-tampering-env").find("under /tmp"),
            std::string::npos);
  policy_.ignore_env = {"LD_LIBRARY_PATH"};
  EXPECT_EQ(CountRule(Run(), "runner-tampering-env"), 0);
}

TEST_F(TamperingProbeTest, PathHijackBeforeSystemDirectories) {
  fake_.AddDir("/srv/shared", 0777);
  fake_.SetEnv("PATH",
               "/tmp/bin:/home/runner/work/_temp/tools:/srv/shared::"
               "/usr/bin:/bin:/tmp/after");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-path-hijack"), 4);
  std::string msgs = Messages(r, "runner-path-hijack");
  EXPECT_NE(msgs.find("/tmp/bin (under /tmp)"), std::string::npos) << msgs;
  EXPECT_NE(msgs.find("under RUNNER_TEMP"), std::string::npos);
  EXPECT_NE(msgs.find("world-writable"), std::string::npos);
  EXPECT_NE(msgs.find("current directory"), std::string::npos);
  EXPECT_EQ(msgs.find("/tmp/after"), std::string::npos);
}

TEST_F(TamperingProbeTest, UserDirectoriesAheadOfSystemAreFine) {
  // The hosted image itself puts ~/.local/bin and tool caches first.
  EXPECT_EQ(CountRule(Run(), "runner-path-hijack"), 0);
}

TEST_F(TamperingProbeTest, LdSoPreload) {
  fake_.AddFile("/etc/ld.so.preload", "# managed\n\n");
  EXPECT_EQ(CountRule(Run(), "runner-ld-so-preload"), 0);
  fake_.AddFile("/etc/ld.so.preload", "/usr/lib/libhook.so\n");
  RunnerReport r = Run();
  ASSERT_EQ(CountRule(r, "runner-ld-so-preload"), 1);
  EXPECT_NE(
      FirstRule(r, "runner-ld-so-preload")->message.find("/usr/lib/libhook.so"),
      std::string::npos);
}

TEST_F(TamperingProbeTest, GitHooksAndHookSettings) {
  std::string hooks = std::string(kWorkspace) + "/.git/hooks/";
  fake_.AddFile(hooks + "post-checkout", "#!/bin/sh\ncurl evil\n", 0755);
  fake_.AddFile(hooks + "pre-push", "#!/bin/sh\n", 0644);  // not executable
  fake_.SetGitConfig(kWorkspace,
                     {{"core.hookspath", "/tmp/h", "local", 0},
                      {"core.fsmonitor", "true", "local", 0},
                      {"core.sshcommand", "ssh -i x", "global", 0}});
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-git-hooks"), 3);
  std::string msgs = Messages(r, "runner-git-hooks");
  EXPECT_NE(msgs.find(".git/hooks/post-checkout"), std::string::npos);
  EXPECT_EQ(msgs.find("pre-push"), std::string::npos);
  EXPECT_EQ(msgs.find("sample"), std::string::npos);
  EXPECT_NE(msgs.find("core.hookspath"), std::string::npos);
  EXPECT_EQ(msgs.find("core.fsmonitor"), std::string::npos);
  EXPECT_NE(msgs.find("core.sshcommand is set in the global"),
            std::string::npos);
}

TEST_F(TamperingProbeTest, FsmonitorCommandIsReported) {
  fake_.SetGitConfig(kWorkspace, {{"core.fsmonitor", "/tmp/x.sh", "local", 0}});
  EXPECT_EQ(CountRule(Run(), "runner-git-hooks"), 1);
}

TEST_F(TamperingProbeTest, UnsecureCommands) {
  fake_.SetEnv("ACTIONS_ALLOW_UNSECURE_COMMANDS", "false");
  EXPECT_EQ(CountRule(Run(), "runner-unsecure-commands"), 0);
  fake_.SetEnv("ACTIONS_ALLOW_UNSECURE_COMMANDS", "TRUE");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-unsecure-commands"), 1);
  EXPECT_EQ(Condition(r, "unsecure-commands"), Tri::kYes);
}

}  // namespace
}  // namespace sg::runner
