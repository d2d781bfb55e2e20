// The probes against this real machine: what is true here (root, Linux 6.x,
// seccomp with user notification, Landlock when the kernel lists it), and
// real artefacts made in temporary directories (a git repository with
// persisted checkout credentials, a credential-laden $HOME, a listening
// Unix socket, a loopback TCP listener, an orphaned process).
#include "runner/real_system_view.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "base/fd.h"
#include "runner/runner_check.h"

namespace sg::runner {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/sg-runner-real-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Sets an environment variable for the lifetime of the object.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

void Write(const fs::path& p, const std::string& text,
           fs::perms perms = fs::perms::owner_read | fs::perms::owner_write) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
  fs::permissions(p, perms);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int CountRule(const RunnerReport& r, const std::string& rule) {
  const auto& fs = r.findings.findings();
  return static_cast<int>(std::count_if(
      fs.begin(), fs.end(), [&](const Finding& f) { return f.rule == rule; }));
}

std::string AllText(const RunnerReport& r) {
  std::string out;
  for (const auto& f : r.findings.findings()) {
    out +=
        f.rule + " " + f.message + " " + f.snippet + " " + f.remediation + "\n";
  }
  return out;
}

TEST(RealMachineTest, FactsMatchThisMachine) {
  RealSystemView sys;
  RunnerReport r = RunRunnerChecks(sys, {}, DefaultRunnerPolicy());
  const RunnerFacts& f = r.facts;
  // Tests run as root here and in CI.
  EXPECT_EQ(f.identity.euid, 0u);
  EXPECT_TRUE(f.identity.root);
  EXPECT_EQ(f.identity.user, "root");
  EXPECT_NE(std::find(f.identity.cap_effective.begin(),
                      f.identity.cap_effective.end(), "cap_sys_admin"),
            f.identity.cap_effective.end());
  EXPECT_EQ(f.identity.passwordless_sudo, Tri::kUnknown);  // not probed as root
  // Linux 6.x with seccomp filters and user notification.
  EXPECT_EQ(f.kernel.release.substr(0, 2), "6.");
  EXPECT_TRUE(f.sandbox.seccomp);
  EXPECT_TRUE(f.sandbox.seccomp_user_notif);
  EXPECT_EQ(f.sandbox.seccomp_mode, 0);
  EXPECT_EQ(f.sandbox.user_namespaces, Tri::kYes);
  EXPECT_GT(f.sandbox.max_user_namespaces.value_or(0), 0);
  // Landlock: the probe agrees with a direct syscall, and the kernel's LSM
  // list (when securityfs is mounted) agrees with both.
  long abi = ::syscall(444 /* landlock_create_ruleset */, nullptr, 0, 1);
  EXPECT_EQ(f.sandbox.landlock_abi, abi > 0 ? abi : 0);
  if (std::find(f.sandbox.lsms.begin(), f.sandbox.lsms.end(), "landlock") !=
      f.sandbox.lsms.end()) {
    EXPECT_GE(f.sandbox.landlock_abi, 1);
  }
  // cgroup v2 and no_new_privs agree with independent reads.
  EXPECT_EQ(
      f.sandbox.cgroup_v2,
      ReadAll("/proc/self/mounts").find(" cgroup2 ") != std::string::npos);
  EXPECT_EQ(f.sandbox.no_new_privs,
            ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
  EXPECT_GT(f.processes.total, 1);
  // Nothing here is a root-equivalent socket unless the machine has one.
  EXPECT_EQ(f.identity.container_sockets.empty(),
            CountRule(r, "runner-docker-socket") == 0);
}

TEST(RealMachineTest, SudoProbeAnswersWithoutPrompting) {
  RealSystemView sys;
  SudoOutcome s = sys.RunSudoNonInteractive();
  bool installed = fs::exists("/usr/bin/sudo") || fs::exists("/bin/sudo") ||
                   fs::exists("/usr/local/bin/sudo");
  // Root may always sudo; without the binary there is nothing to run.
  EXPECT_EQ(
      s, installed ? SudoOutcome::kPasswordless : SudoOutcome::kNotInstalled);
}

TEST(RealMachineTest, PersistedCheckoutCredentialsAndHooksInARealRepo) {
  TempDir t;
  fs::path ws = t.path() / "work/repo/repo";
  fs::path temp = t.path() / "work/_temp";
  fs::create_directories(ws);
  ScopedEnv home("HOME", (t.path() / "home").string());
  ScopedEnv xdg("XDG_CONFIG_HOME", (t.path() / "home/.config").string());
  ScopedEnv runner_temp("RUNNER_TEMP", temp.string());
  const std::string secret = "eC1hY2Nlc3MtdG9rZW46Z2hzX3JlYWxtYWNoaW5lc2VjcmV0";
  Write(
      temp / "git-credentials-9f1c.config",
      "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic " +
          secret + "\n");
  std::string git = "git -C '" + ws.string() + "' ";
  ASSERT_EQ(std::system((git + "init -q").c_str()), 0);
  ASSERT_EQ(std::system((git + "config 'includeIf.gitdir:" +
                         (ws / ".git").string() + ".path' '" +
                         (temp / "git-credentials-9f1c.config").string() + "'")
                            .c_str()),
            0);
  Write(ws / ".git/hooks/post-checkout", "#!/bin/sh\nexit 0\n",
        fs::perms::owner_all);

  RealSystemView sys;
  RunnerOptions o;
  o.workspace = ws.string();
  RunnerReport r = RunRunnerChecks(sys, o, DefaultRunnerPolicy());
  EXPECT_EQ(CountRule(r, "runner-persisted-credentials"), 1);
  std::string text = AllText(r);
  EXPECT_NE(text.find("http.https://github.com/.extraheader"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("an included file"), std::string::npos) << text;
  EXPECT_EQ(text.find(secret), std::string::npos);
  EXPECT_EQ(CountRule(r, "runner-git-hooks"), 1);

  // Safe state: the same repository without the include and the hook.
  ASSERT_EQ(std::system((git + "config --remove-section 'includeIf.gitdir:" +
                         (ws / ".git").string() + "'")
                            .c_str()),
            0);
  fs::remove(temp / "git-credentials-9f1c.config");
  fs::remove(ws / ".git/hooks/post-checkout");
  RunnerReport safe = RunRunnerChecks(sys, o, DefaultRunnerPolicy());
  EXPECT_EQ(CountRule(safe, "runner-persisted-credentials"), 0);
  EXPECT_EQ(CountRule(safe, "runner-git-hooks"), 0);
}

TEST(RealMachineTest, SecretsInEnvAndHomeAreNamedNeverShown) {
  TempDir t;
  const std::string token = "ghp_RealMachineTokenValue0123456789abcdef";
  const std::string aws = "wJalrXUtnFEMIK7MDENGbPxRfiCYREALSECRET";
  const std::string npm = "npm_RealMachineNpmTokenValue0123456789abc";
  ScopedEnv home("HOME", (t.path() / "home").string());
  ScopedEnv gh("GH_TOKEN", token);
  ScopedEnv key("AWS_SECRET_ACCESS_KEY", aws);
  Write(t.path() / "home/.aws/credentials",
        "[default]\naws_secret_access_key = " + aws + "\n");
  Write(t.path() / "home/.npmrc",
        "//registry.npmjs.org/:_authToken=" + npm + "\n");
  Write(t.path() / "home/.ssh/id_rsa",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n");

  RealSystemView sys;
  RunnerReport r = RunRunnerChecks(sys, {}, DefaultRunnerPolicy());
  EXPECT_GE(CountRule(r, "runner-secret-env"), 2);
  EXPECT_EQ(CountRule(r, "runner-credential-file"), 3);
  std::string text = AllText(r);
  EXPECT_NE(text.find("GH_TOKEN"), std::string::npos);
  EXPECT_NE(text.find("~/.npmrc"), std::string::npos);
  for (const auto& v : {token, aws, npm, std::string("MIIEsecret")}) {
    EXPECT_EQ(text.find(v), std::string::npos) << "leaked a planted secret";
  }
}

TEST(RealMachineTest, TamperingOnThisMachine) {
  // Outside /tmp, so only its mode can make it suspicious.
  fs::path shared = fs::path(STEPGUARD_BINARY_DIR) /
                    ("runner-shared-bin-" + std::to_string(::getpid()));
  fs::create_directories(shared);
  fs::permissions(shared, fs::perms::all);  // world-writable, like /tmp
  struct Cleanup {
    fs::path p;
    ~Cleanup() { fs::remove_all(p); }
  } cleanup{shared};
  {
    RealSystemView sys;
    RunnerReport clean = RunRunnerChecks(sys, {}, DefaultRunnerPolicy());
    // This machine has no global preload; the probe agrees with the file.
    std::string preload = ReadAll("/etc/ld.so.preload");
    bool has_preload =
        preload.find_first_not_of(" \t\n") != std::string::npos &&
        preload[preload.find_first_not_of(" \t\n")] != '#';
    EXPECT_EQ(CountRule(clean, "runner-ld-so-preload"), has_preload ? 1 : 0);
    EXPECT_EQ(clean.facts.network.monitor.empty(),
              !fs::exists("/home/agent/agent"));
  }
  ScopedEnv path("PATH", shared.string() + ":/usr/bin:/bin");
  ScopedEnv unsecure("ACTIONS_ALLOW_UNSECURE_COMMANDS", "true");
  ScopedEnv audit("LD_AUDIT", "/nonexistent/audit.so");
  RealSystemView sys;
  RunnerReport r = RunRunnerChecks(sys, {}, DefaultRunnerPolicy());
  EXPECT_EQ(CountRule(r, "runner-path-hijack"), 1);
  // The probe names the first reason that applies: the directory is
  // world-writable, or (when the build tree itself is under /tmp, as a CI
  // checkout may be) it is under a temporary directory. Either is a hijack.
  const std::string text = AllText(r);
  EXPECT_TRUE(text.find("PATH entry " + shared.string() +
                        " (world-writable)") != std::string::npos ||
              text.find("PATH entry " + shared.string() + " (under /tmp)") !=
                  std::string::npos)
      << text;
  EXPECT_EQ(CountRule(r, "runner-unsecure-commands"), 1);
  EXPECT_EQ(CountRule(r, "runner-tampering-env"), 1);
  EXPECT_EQ(AllText(r).find("/nonexistent/audit.so"), std::string::npos);
}

TEST(RealMachineTest, ListeningUnixSocketIsRootEquivalent) {
  TempDir t;
  std::string path = (t.path() / "docker.sock").string();
  ScopedEnv host("DOCKER_HOST", "unix://" + path);
  {
    Fd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    ASSERT_TRUE(listener.valid());
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    ASSERT_EQ(
        ::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr),
        0);
    ASSERT_EQ(::listen(listener.get(), 4), 0);
    RealSystemView sys;
    RunnerOptions o;
    o.context = ProbeContext::kExec;
    RunnerReport r = RunRunnerChecks(sys, o, DefaultRunnerPolicy());
    ASSERT_GE(CountRule(r, "runner-docker-socket"), 1);
    EXPECT_NE(AllText(r).find(path), std::string::npos);
    for (const auto& f : r.findings.findings()) {
      if (f.rule == "runner-docker-socket")
        EXPECT_EQ(f.severity, Severity::kHigh);
    }
  }
  // The listener is gone; the socket file stays but refuses connections.
  RealSystemView sys;
  RunnerReport r = RunRunnerChecks(sys, {}, DefaultRunnerPolicy());
  EXPECT_EQ(AllText(r).find(path), std::string::npos);
}

TEST(RealMachineTest, ProbeTcpOnLoopbackOnly) {
  Fd listener(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(
      ::bind(listener.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr),
      0);
  ASSERT_EQ(::listen(listener.get(), 4), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listener.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  uint16_t port = ntohs(addr.sin_port);
  RealSystemView sys;
  EXPECT_TRUE(sys.ProbeTcp("127.0.0.1", port, 1000).ok());
  listener.Reset();
  Status closed = sys.ProbeTcp("127.0.0.1", port, 1000);
  EXPECT_FALSE(closed.ok());
  EXPECT_NE(closed.message().find("refused"), std::string::npos)
      << closed.message();
}

// Starts `sleep` as an orphan (double fork) carrying our tracking id, as a
// `nohup cmd &` in an earlier step would; returns its pid.
pid_t SpawnOrphan() {
  int pipefd[2];
  if (::pipe(pipefd) != 0) return -1;
  pid_t child = ::fork();
  if (child == 0) {
    pid_t grandchild = ::fork();
    if (grandchild == 0) {
      ::setsid();
      ::close(pipefd[0]);
      ::close(pipefd[1]);
      ::execl("/bin/sleep", "sleep", "30", nullptr);
      ::_exit(127);
    }
    ssize_t n = ::write(pipefd[1], &grandchild, sizeof grandchild);
    ::_exit(n == sizeof grandchild ? 0 : 1);
  }
  ::close(pipefd[1]);
  pid_t orphan = -1;
  if (::read(pipefd[0], &orphan, sizeof orphan) != sizeof orphan) orphan = -1;
  ::close(pipefd[0]);
  ::waitpid(child, nullptr, 0);
  return orphan;
}

TEST(RealMachineTest, OrphanFromAnEarlierStepIsFound) {
  ScopedEnv tracking("RUNNER_TRACKING_ID",
                     "sg_test_" + std::to_string(::getpid()));
  RealSystemView sys;
  auto leftover_mentions = [&](pid_t pid) {
    RunnerReport r = RunRunnerChecks(sys, {}, DefaultRunnerPolicy());
    std::string needle = "Process " + std::to_string(pid) + " (sleep";
    return AllText(r).find(needle) != std::string::npos;
  };
  pid_t orphan = SpawnOrphan();
  ASSERT_GT(orphan, 0);
  // exec may not have happened yet; wait until /proc shows "sleep".
  for (int i = 0; i < 200; ++i) {
    if (ReadAll("/proc/" + std::to_string(orphan) + "/comm") == "sleep\n")
      break;
    ::usleep(5000);
  }
  bool found = leftover_mentions(orphan);
  ::kill(orphan, SIGKILL);
  EXPECT_TRUE(found);
  // Once it is gone, nothing of ours is left behind.
  // Gone, or a zombie that PID 1 has not reaped yet (no environment left).
  auto gone = [&] {
    std::string stat = ReadAll("/proc/" + std::to_string(orphan) + "/stat");
    size_t close = stat.rfind(')');
    return stat.empty() ||
           (close != std::string::npos && stat.substr(close + 2, 1) == "Z");
  };
  for (int i = 0; i < 200 && !gone(); ++i) ::usleep(5000);
  EXPECT_FALSE(leftover_mentions(orphan));
}

}  // namespace
}  // namespace sg::runner
