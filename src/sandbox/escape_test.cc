// The escape suite: every test is an attack a hijacked agent would try,
// run for real through the `stepguard exec` binary (STEPGUARD_BIN) with the
// escape probe (tests/sandbox/escape_probe.cc), and asserts it fails and,
// where the kernel lets us observe it, that the audit log recorded it.
// Each attack runs twice: started as root (set up, then drop to the
// workspace owner, 65534) and started unprivileged (setpriv to 65534: the
// user namespace path). Control tests run the same probe outside the
// sandbox to show each attack is real. Network: loopback only.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/fd.h"
#include "base/file.h"
#include "sandbox/landlock.h"
#include "sandbox/sandbox.h"
#include "sandbox/settings.h"

extern char** environ;

namespace sg::sandbox {
namespace {

namespace fs = std::filesystem;

constexpr uid_t kNobody = 65534;
constexpr char kSecret[] = "ghs_escapeSuiteSecretValue0123456789";

// Copies of the binaries in a world-readable directory: the task (and, in
// the unprivileged mode, stepguard itself) runs as nobody, which cannot
// necessarily reach the build tree (e.g. a clone under /root).
// /var/tmp is standard (FHS) and world-writable on Debian and Ubuntu.
const std::string& BinDir() {
  static const std::string dir = [] {
    // Not under /tmp: the sandbox gives the task a private /tmp.
    std::string d = "/var/tmp/sg-escape-bin-XXXXXX";
    if (mkdtemp(d.data()) == nullptr) return std::string();
    chmod(d.c_str(), 0755);
    const char* b = getenv("STEPGUARD_BIN");
    std::string sg =
        fs::absolute(b ? b : std::string(STEPGUARD_BINARY_DIR) + "/stepguard")
            .string();
    // A hard link when on the same filesystem (cheap), else a copy; a
    // missing binary shows up as exit 126/127.
    for (const auto& [from, to] :
         {std::pair<std::string, std::string>{sg, d + "/stepguard"},
          {SANDBOX_PROBE, d + "/escape_probe"}}) {
      std::error_code ec;
      fs::create_hard_link(from, to, ec);
      if (ec) fs::copy_file(from, to, ec);
    }
    chmod((d + "/stepguard").c_str(), 0755);
    chmod((d + "/escape_probe").c_str(), 0755);
    return d;
  }();
  return dir;
}
std::string Bin() { return BinDir() + "/stepguard"; }
std::string ProbeBin() { return BinDir() + "/escape_probe"; }

// Removes the copies when the test binary exits.
class BinDirCleanup : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!BinDir().empty()) fs::remove_all(BinDir());
  }
};
[[maybe_unused]] const auto* const kCleanup =
    ::testing::AddGlobalTestEnvironment(new BinDirCleanup);

struct Proc {
  int status = -1;
  int exit_code = -1;
  std::string out, err;
};

// Runs argv with `env` in `cwd`, capturing stdout/stderr through files.
Proc Spawn(const std::vector<std::string>& argv,
           const std::vector<std::string>& env, const std::string& cwd,
           const std::string& scratch) {
  std::string out_path = scratch + "/stdout", err_path = scratch + "/stderr";
  pid_t pid = fork();
  if (pid == 0) {
    int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(o, 1);
    dup2(e, 2);
    if (chdir(cwd.c_str()) != 0) _exit(99);
    std::vector<char*> a, v;
    for (const auto& s : argv) a.push_back(const_cast<char*>(s.c_str()));
    a.push_back(nullptr);
    for (const auto& s : env) v.push_back(const_cast<char*>(s.c_str()));
    v.push_back(nullptr);
    execve(a[0], a.data(), v.data());
    _exit(98);
  }
  Proc p;
  waitpid(pid, &p.status, 0);
  p.exit_code =
      WIFEXITED(p.status) ? WEXITSTATUS(p.status) : 128 + WTERMSIG(p.status);
  p.out = ReadFile(out_path).ok() ? *ReadFile(out_path) : "";
  p.err = ReadFile(err_path).ok() ? *ReadFile(err_path) : "";
  return p;
}

enum class Mode { kRoot, kUnprivileged };

class EscapeTest : public ::testing::TestWithParam<Mode> {
 protected:
  void SetUp() override {
    if (GetParam() == Mode::kRoot && geteuid() != 0)
      GTEST_SKIP() << "needs root";
    char tmpl[] = "/tmp/sg-escape-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    chmod(dir_.c_str(), 0755);
    home_ = dir_ + "/home";
    runner_temp_ = dir_ + "/runner_temp";
    ws_ = dir_ + "/ws";
    out_ = dir_ + "/out";
    fs::create_directories(home_ + "/.ssh");
    fs::create_directories(runner_temp_ + "/_runner_file_commands");
    fs::create_directories(ws_ + "/.github/workflows");
    fs::create_directories(out_);
    // World-readable on purpose: only the sandbox stands between the task
    // and these files (the control tests prove it).
    Write(home_ + "/.ssh/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n");
    Write(runner_temp_ + "/checkout-credential",
          "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW4=\n");
    github_env_ = runner_temp_ + "/_runner_file_commands/set_env_1234";
    Write(github_env_, "");
    chmod(github_env_.c_str(), 0666);
    Git("init -q");
    Write(ws_ + "/tracked.txt", "one\n");
    Write(ws_ + "/.github/workflows/ci.yml", "on: push\n");
    Git("add -A");
    Git("-c user.name=t -c user.email=t@e commit -q -m init");
    if (geteuid() == 0) {
      for (const std::string& d : {ws_, out_}) {
        std::string cmd = "chown -R 65534:65534 " + d;
        ASSERT_EQ(system(cmd.c_str()), 0);
      }
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  static void Write(const std::string& p, const std::string& s) {
    ASSERT_TRUE(WriteFile(p, s).ok());
    chmod(p.c_str(), 0644);
  }
  void Git(const std::string& args) {
    std::string cmd = "git -C " + ws_ + " " + args + " >/dev/null 2>&1";
    ASSERT_EQ(system(cmd.c_str()), 0) << cmd;
  }
  std::vector<std::string> Env() const {
    return {"PATH=/usr/local/bin:/usr/bin:/bin",
            "HOME=" + home_,
            "LANG=C.UTF-8",
            "RUNNER_TEMP=" + runner_temp_,
            "GITHUB_ENV=" + github_env_,
            "GITHUB_TOKEN=" + std::string(kSecret),
            "ACTIONS_RUNTIME_TOKEN=actions-runtime-secret-xyz"};
  }
  std::vector<std::string> Prefix() const {
    if (GetParam() == Mode::kRoot) return {};
    if (geteuid() != 0) return {};  // already unprivileged
    return {"/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534",
            "--clear-groups",   "--"};
  }
  // stepguard exec [flags] -- cmd...
  Proc Exec(const std::vector<std::string>& flags,
            const std::vector<std::string>& cmd) {
    std::vector<std::string> argv = Prefix();
    argv.push_back(Bin());
    argv.push_back("exec");
    argv.push_back("--audit-log");
    argv.push_back(audit_path());
    argv.push_back("--format");
    argv.push_back("json");
    argv.push_back("--output");
    argv.push_back(report_path());
    for (const auto& f : flags) argv.push_back(f);
    argv.push_back("--");
    for (const auto& c : cmd) argv.push_back(c);
    return Spawn(argv, Env(), ws_, dir_);
  }
  Proc Probe(const std::vector<std::string>& args,
             const std::vector<std::string>& flags = {}) {
    std::vector<std::string> cmd = {ProbeBin()};
    for (const auto& a : args) cmd.push_back(a);
    return Exec(flags, cmd);
  }
  // The same probe outside the sandbox, as the same unprivileged user.
  Proc Unsandboxed(const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    if (geteuid() == 0)
      argv = {"/usr/bin/setpriv", "--reuid", "65534", "--regid", "65534",
              "--clear-groups",   "--"};
    argv.push_back(ProbeBin());
    for (const auto& a : args) argv.push_back(a);
    return Spawn(argv, Env(), ws_, dir_);
  }
  std::string audit_path() const { return out_ + "/audit.jsonl"; }
  std::string report_path() const { return out_ + "/report.json"; }
  std::string Audit() const {
    return ReadFile(audit_path()).ok() ? *ReadFile(audit_path()) : "";
  }
  std::string Report() const {
    return ReadFile(report_path()).ok() ? *ReadFile(report_path()) : "";
  }
  bool AuditHasDenied(const std::string& syscall) const {
    return Audit().find(
               "\"event\":\"denied\",\"layer\":\"seccomp\",\"syscall\":\"" +
               syscall + "\"") != std::string::npos;
  }
  void ExpectBlocked(const Proc& p) {
    EXPECT_EQ(p.exit_code, 1) << p.out << p.err << Report();
    EXPECT_NE(p.out.find("blocked:"), std::string::npos) << p.out << p.err;
    EXPECT_EQ(p.out.find("ESCAPED"), std::string::npos) << p.out;
  }

  std::string dir_, home_, runner_temp_, ws_, out_, github_env_;
};

TEST_P(EscapeTest, ControlAttacksWorkOutsideTheSandbox) {
  // Without these, the blocked results below would prove nothing.
  EXPECT_EQ(Unsandboxed({"read", home_ + "/.ssh/id_rsa"}).exit_code, 0);
  EXPECT_EQ(
      Unsandboxed({"read", runner_temp_ + "/checkout-credential"}).exit_code,
      0);
  EXPECT_EQ(Unsandboxed({"append", github_env_}).exit_code, 0);
  EXPECT_EQ(Unsandboxed({"connect", "127.0.0.1", std::to_string(0)}).exit_code,
            1);  // sanity
}

TEST_P(EscapeTest, CannotReadSshKey) {
  ExpectBlocked(Probe({"read", home_ + "/.ssh/id_rsa"}));
  EXPECT_NE(Audit().find("\"event\":\"exit\""), std::string::npos);
}

TEST_P(EscapeTest, CannotReadCheckoutCredentialUnderRunnerTemp) {
  ExpectBlocked(Probe({"read", runner_temp_ + "/checkout-credential"}));
}

TEST_P(EscapeTest, CannotAppendToGithubEnv) {
  ExpectBlocked(Probe({"append", github_env_}));
  EXPECT_EQ(*ReadFile(github_env_), "");
}

TEST_P(EscapeTest, WorkflowCommandsAreNeutralisedAndSecretsRedacted) {
  Proc p = Probe({"print-commands", kSecret});
  EXPECT_EQ(p.exit_code, 0) << p.err;
  for (const std::string& s : {p.out, p.err}) {
    std::istringstream lines(s);
    std::string line;
    while (std::getline(lines, line)) {
      size_t first = line.find_first_not_of(" \t");
      EXPECT_NE(line.substr(first == std::string::npos ? 0 : first, 2), "::")
          << line;
      EXPECT_EQ(line.find("##["), std::string::npos) << line;
    }
    EXPECT_EQ(s.find(kSecret), std::string::npos);
  }
  EXPECT_NE(p.out.find("[stepguard] ::add-mask::***"), std::string::npos)
      << p.out;
  EXPECT_NE(p.out.find("then *** again"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("[stepguard] ::stop-commands::pause-token"),
            std::string::npos);
  EXPECT_NE(p.out.find("secret is ***."), std::string::npos) << p.out;
  EXPECT_NE(p.err.find("[stepguard] ::error::from stderr ***"),
            std::string::npos)
      << p.err;
  EXPECT_NE(Report().find("\"workflow_commands_neutralised\": 6"),
            std::string::npos)
      << Report();
}

TEST_P(EscapeTest, CannotWriteGitHook) {
  ExpectBlocked(Probe({"create", ws_ + "/.git/hooks/pre-commit"}));
  EXPECT_FALSE(fs::exists(ws_ + "/.git/hooks/pre-commit"));
}

// A submodule's hooks run when a later step checks it out or commits in it.
TEST_P(EscapeTest, CannotPlantASubmoduleHookOrConfig) {
  std::string sub = ws_ + "/.git/modules/lib";
  fs::create_directories(sub + "/hooks");
  Write(sub + "/config", "[core]\n\tbare = false\n");
  if (geteuid() == 0) {
    ASSERT_EQ(system(("chown -R 65534:65534 " + ws_ + "/.git/modules").c_str()),
              0);
  }
  // Control: outside the sandbox the same user could.
  EXPECT_EQ(Unsandboxed({"create", sub + "/hooks/probe-control"}).exit_code, 0);
  fs::remove(sub + "/hooks/probe-control");
  ExpectBlocked(Probe({"create", sub + "/hooks/post-checkout"}));
  ExpectBlocked(Probe({"append", sub + "/config"}));
  EXPECT_FALSE(fs::exists(sub + "/hooks/post-checkout"));
  EXPECT_EQ(*ReadFile(sub + "/config"), "[core]\n\tbare = false\n");
}

TEST_P(EscapeTest, CannotWriteWorkflow) {
  ExpectBlocked(Probe({"create", ws_ + "/.github/workflows/x.yml"}));
  ExpectBlocked(Probe({"append", ws_ + "/.github/workflows/ci.yml"}));
  EXPECT_FALSE(fs::exists(ws_ + "/.github/workflows/x.yml"));
  EXPECT_EQ(*ReadFile(ws_ + "/.github/workflows/ci.yml"), "on: push\n");
}

TEST_P(EscapeTest, ProtectedFileCreatedInNewDirectoryIsRemovedAndReported) {
  // .github/actions does not exist, so there is nothing to bind read-only:
  // the write succeeds inside, and is undone and reported after the run.
  Proc p = Exec({}, {"/bin/sh", "-c",
                     "mkdir -p .github/actions/x && echo evil > "
                     ".github/actions/x/action.yml"});
  EXPECT_EQ(p.exit_code, 0) << p.err;
  EXPECT_FALSE(fs::exists(ws_ + "/.github/actions/x/action.yml"));
  EXPECT_NE(Report().find("\"action\": \"removed\""), std::string::npos)
      << Report();
  EXPECT_NE(Audit().find("\"event\":\"protected-restored\""),
            std::string::npos);
}

TEST_P(EscapeTest, CannotPtraceOrReadParentMemory) {
  ExpectBlocked(Probe({"ptrace-parent"}));
  EXPECT_TRUE(AuditHasDenied("ptrace")) << Audit();
  ExpectBlocked(Probe({"vm-read-parent"}));
  EXPECT_TRUE(AuditHasDenied("process_vm_readv")) << Audit();
  ExpectBlocked(Probe({"proc-mem-parent"}));
}

TEST_P(EscapeTest, CannotReadInitEnvironment) {
  ExpectBlocked(Probe({"read", "/proc/1/environ"}));
  // And the task's own environment holds no secret.
  Proc p =
      Exec({}, {"/bin/sh", "-c", "cat /proc/self/environ | tr '\\0' '\\n'"});
  EXPECT_EQ(p.out.find("GITHUB_TOKEN"), std::string::npos);
  EXPECT_EQ(p.out.find("ACTIONS_RUNTIME_TOKEN"), std::string::npos);
  EXPECT_EQ(p.out.find("GITHUB_ENV"), std::string::npos);
  EXPECT_NE(p.out.find("PATH="), std::string::npos);
}

TEST_P(EscapeTest, NoBackgroundProcessSurvives) {
  std::string name = "sgbg" + std::to_string(getpid() % 100000);
  Proc p = Probe({"background", name});
  EXPECT_EQ(p.exit_code, 0);  // the probe believes it left a process behind
  for (const auto& e : fs::directory_iterator("/proc")) {
    Result<std::string> comm = ReadFile(e.path().string() + "/comm");
    if (comm.ok()) {
      EXPECT_NE(*comm, name + "\n") << "survivor " << e.path();
    }
  }
}

TEST_P(EscapeTest, ForkBombHitsThePidLimit) {
  Proc p = Probe({"forkbomb", "100000"}, {"--pids", "64"});
  EXPECT_EQ(p.exit_code, 1) << p.out;
  EXPECT_NE(p.out.find("fork failed after"), std::string::npos) << p.out;
}

TEST_P(EscapeTest, CannotAllocatePastTheMemoryLimit) {
  ExpectBlocked(Probe({"alloc", "512"}, {"--memory", "128MiB"}));
  Proc ok = Probe({"alloc", "16"}, {"--memory", "128MiB"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;  // a small allocation still works
}

// With the cgroup layer required the task runs inside stepguard's leaf
// (v2, or v1 on hosts that still use it), or not at all.
TEST_P(EscapeTest, RequiredCgroupHoldsTheTaskOrRefuses) {
  std::string marker = ws_ + "/ran";
  Proc p = Exec({"--require", "cgroup"},
                {"/bin/sh", "-c", "cat /proc/self/cgroup; touch " + marker});
  if (p.exit_code == 125) {
    // No leaf could be made (as nobody, or without delegation): refused,
    // and the task never started.
    EXPECT_NE(Report().find("required layer unavailable: cgroup"),
              std::string::npos)
        << Report();
    EXPECT_FALSE(fs::exists(marker));
    return;
  }
  EXPECT_EQ(GetParam(), Mode::kRoot) << "nobody made a cgroup: " << p.out;
  EXPECT_EQ(p.exit_code, 0) << p.err << Report();
  EXPECT_NE(p.out.find("/stepguard-"), std::string::npos) << p.out;
}

TEST_P(EscapeTest, CannotOpenRawOrPacketSockets) {
  ExpectBlocked(Probe({"raw-socket"}));
  ExpectBlocked(Probe({"packet-socket"}));
  EXPECT_TRUE(AuditHasDenied("socket")) << Audit();
}

TEST_P(EscapeTest, CannotConnectOutOfTheNetworkNamespace) {
  // A listener on the host's loopback: inside, 127.0.0.1 is another stack.
  int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  struct sockaddr_in a = {};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(l, reinterpret_cast<sockaddr*>(&a), sizeof(a)), 0);
  ASSERT_EQ(listen(l, 8), 0);
  socklen_t len = sizeof(a);
  getsockname(l, reinterpret_cast<sockaddr*>(&a), &len);
  std::string port = std::to_string(ntohs(a.sin_port));
  ExpectBlocked(Probe({"connect", "127.0.0.1", port}));
  EXPECT_LT(accept(l, nullptr, nullptr), 0);  // nobody reached it
  // Control: the same probe outside does reach it.
  EXPECT_EQ(Unsandboxed({"connect", "127.0.0.1", port}).exit_code, 0);
  close(l);
}

TEST_P(EscapeTest, CannotCreateUserNamespace) {
  ExpectBlocked(Probe({"userns"}));
  EXPECT_TRUE(AuditHasDenied("unshare")) << Audit();
}

TEST_P(EscapeTest, CannotMount) {
  ExpectBlocked(Probe({"mount"}));
  EXPECT_TRUE(AuditHasDenied("mount")) << Audit();
}

TEST_P(EscapeTest, CannotLoadBpf) {
  ExpectBlocked(Probe({"bpf"}));
  EXPECT_TRUE(AuditHasDenied("bpf")) << Audit();
}

// A one-request-at-a-time HTTP server on the host's loopback.
class LoopbackHttpServer {
 public:
  LoopbackHttpServer() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a));
    listen(fd_, 16);
    socklen_t len = sizeof(a);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] {
      for (;;) {
        int c = accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        char buf[4096];
        ssize_t n = read(c, buf, sizeof(buf));
        (void)n;
        const char resp[] =
            "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nConnection: "
            "close\r\n\r\nhello-from-up";
        ssize_t w = write(c, resp, sizeof(resp) - 1);
        (void)w;
        close(c);
        ++served_;
      }
    });
  }
  ~LoopbackHttpServer() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  int served() const { return served_; }

 private:
  int fd_;
  int port_ = 0;
  std::atomic<int> served_{0};
  std::thread thread_;
};

TEST_P(EscapeTest, AllowedHostIsReachableOnlyThroughTheEgressProxy) {
  LoopbackHttpServer up;
  std::string port = std::to_string(up.port());
  std::string allow = "127.0.0.1:" + port;
  Proc ok = Probe({"proxy-get", "127.0.0.1", port}, {"--allow-net", allow});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err << Audit();
  EXPECT_NE(ok.out.find("body: hello-from-up"), std::string::npos) << ok.out;
  EXPECT_EQ(up.served(), 1);
  EXPECT_NE(Audit().find("\"event\":\"proxy-listener\""), std::string::npos);
  EXPECT_NE(Audit().find("\"event\":\"network\""), std::string::npos)
      << Audit();
  // Direct connections still fail: the proxy is the only way out.
  ExpectBlocked(Probe({"connect", "127.0.0.1", port}, {"--allow-net", allow}));
  // A port that is not allowed is refused by the proxy and logged.
  Proc denied =
      Probe({"proxy-get", "127.0.0.1", std::to_string(up.port() == 1 ? 2 : 1)},
            {"--allow-net", allow});
  EXPECT_EQ(denied.exit_code, 1) << denied.out;
  EXPECT_NE(Audit().find("\"allowed\":false"), std::string::npos) << Audit();
  EXPECT_EQ(up.served(), 1);
}

TEST_P(EscapeTest, ExitStatusFollowsTimeoutConventions) {
  EXPECT_EQ(Exec({"--timeout", "1s"}, {"/bin/sleep", "30"}).exit_code, 124);
  EXPECT_EQ(Exec({}, {"/bin/sh", "-c", "exit 7"}).exit_code, 7);
  EXPECT_EQ(Exec({}, {"/bin/sh", "-c", "kill -TERM $$"}).exit_code,
            128 + SIGTERM);
  EXPECT_EQ(Exec({}, {"no-such-command-xyz"}).exit_code, 127);
  EXPECT_EQ(Exec({}, {ws_ + "/tracked.txt"}).exit_code, 126);
}

TEST_P(EscapeTest, RequiredLayerMissingRefusesWithoutRunning) {
  // Some layer is usually unavailable (cgroup delegation as an
  // unprivileged user, landlock on old kernels): when an unavailable layer
  // is required nothing runs. The plan for the same flags predicts which.
  std::string marker = ws_ + "/ran";
  Proc plan = Exec({"--explain", "--require", "all"}, {"true"});
  bool all_available = plan.exit_code == 0 &&
                       Report().find("\"unavailable\"") == std::string::npos;
  Proc p = Exec({"--require", "all"}, {"/bin/sh", "-c", "touch " + marker});
  if (all_available) {
    EXPECT_EQ(p.exit_code, 0);
  } else {
    EXPECT_EQ(p.exit_code, 125) << p.err << Report();
    EXPECT_FALSE(fs::exists(marker));
    EXPECT_NE(Report().find("\"status\": \"refused\""), std::string::npos)
        << Report();
  }
}

TEST_P(EscapeTest, AuditLogRecordsLayersProcessesAndExit) {
  Proc p = Exec({}, {"/bin/sh", "-c", "/bin/true; exit 3"});
  EXPECT_EQ(p.exit_code, 3);
  std::string a = Audit();
  for (Layer l : AllLayerList()) {
    EXPECT_NE(a.find("\"event\":\"layer\",\"layer\":\"" +
                     std::string(LayerName(l)) + "\""),
              std::string::npos)
        << LayerName(l);
  }
  EXPECT_NE(a.find("\"event\":\"process\",\"kind\":\"task\""),
            std::string::npos)
      << a;
  // Every exec is seen through seccomp user notification.
  EXPECT_NE(a.find("\"kind\":\"exec\""), std::string::npos) << a;
  EXPECT_NE(a.find("\"path\":\"/bin/true\""), std::string::npos) << a;
  EXPECT_NE(a.find("\"event\":\"exit\",\"exit_code\":3"), std::string::npos)
      << a;
}

TEST_P(EscapeTest, ExplainShowsEveryLayer) {
  Proc p = Exec({"--explain"}, {"true"});
  EXPECT_EQ(p.exit_code, 0) << Report();
  std::string r = Report();
  for (Layer l : AllLayerList()) {
    EXPECT_NE(r.find("\"layer\": \"" + std::string(LayerName(l)) + "\""),
              std::string::npos)
        << LayerName(l);
  }
  EXPECT_NE(r.find("\"decision\": \"run\""), std::string::npos);
}

TEST_P(EscapeTest, ReportsChangedFiles) {
  // A change made before the run is listed as changed, not as the run's.
  Write(ws_ + "/before.txt", "earlier step\n");
  usleep(20000);  // past the file system clock's coarse tick
  Proc p = Exec(
      {},
      {"/bin/sh", "-c",
       "echo x > new.txt && echo y >> tracked.txt && echo t > /tmp/private"});
  EXPECT_EQ(p.exit_code, 0) << p.err << Report();
  std::string r = Report();
  EXPECT_NE(r.find("\"path\": \"new.txt\""), std::string::npos) << r;
  EXPECT_NE(r.find("\"path\": \"tracked.txt\""), std::string::npos) << r;
  EXPECT_NE(Audit().find("\"event\":\"file-changed\",\"path\":\"new.txt\""),
            std::string::npos);
  EXPECT_NE(r.find("\"path\": \"before.txt\""), std::string::npos) << r;
  EXPECT_EQ(Audit().find("\"path\":\"before.txt\""), std::string::npos)
      << Audit();
  EXPECT_FALSE(fs::exists("/tmp/private") && ReadFile("/tmp/private").ok() &&
               *ReadFile("/tmp/private") == "t\n");  // /tmp was private
}

// Kernel audit switched on for one test (root only) and restored after:
// Landlock reports denials only to an enabled audit subsystem, and stepguard
// never changes that setting itself. Tests only. Side effect until reboot:
// once audit has been on, the kernel gives new processes syscall audit
// contexts (audit_ever_enabled), a small per-syscall cost machine-wide.
class KernelAuditOn {
 public:
  KernelAuditOn() {
    Fd s(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT));
    if (!s) {
      why_ = errno == EPROTONOSUPPORT
                 ? "kernel built without audit"
                 : std::string("audit socket: ") + strerror(errno);
      return;
    }
    Result<uint32_t> was = Get(s.get());
    if (!was.ok()) {
      why_ = was.status().message();
      return;
    }
    previous_ = static_cast<int>(*was);
    if (*was == 0) {
      if (Status st = Set(s.get(), 1); !st.ok()) {
        why_ = st.message();
        previous_ = -1;
      }
    }
  }
  ~KernelAuditOn() {
    if (previous_ != 0) return;  // it was on (or unknown): leave it
    Fd s(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT));
    if (s) (void)Set(s.get(), 0);
  }
  // "" when audit is on, else why it could not be switched on.
  const std::string& why_not() const { return why_; }
  bool was_disabled() const { return previous_ == 0; }

 private:
  static Status Send(int fd, uint16_t type, const void* body, size_t len) {
    char buf[NLMSG_SPACE(sizeof(audit_status))] = {};
    auto* h = reinterpret_cast<nlmsghdr*>(buf);
    h->nlmsg_len = static_cast<uint32_t>(NLMSG_LENGTH(len));
    h->nlmsg_type = type;
    h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
    memcpy(NLMSG_DATA(h), body, len);
    sockaddr_nl k = {};
    k.nl_family = AF_NETLINK;
    if (sendto(fd, buf, h->nlmsg_len, 0, reinterpret_cast<sockaddr*>(&k),
               sizeof(k)) < 0) {
      return Status::Unavailable(std::string("audit send: ") + strerror(errno));
    }
    return Status::Ok();
  }
  static Result<uint32_t> Get(int fd) {
    SG_RETURN_IF_ERROR(Send(fd, AUDIT_GET, "", 0));
    char buf[8192];
    for (int i = 0; i < 4; ++i) {
      ssize_t n = recv(fd, buf, sizeof(buf), 0);
      if (n < static_cast<ssize_t>(NLMSG_HDRLEN)) break;
      auto* h = reinterpret_cast<nlmsghdr*>(buf);
      if (h->nlmsg_type == NLMSG_ERROR) {
        int err = static_cast<nlmsgerr*>(NLMSG_DATA(h))->error;
        if (err == 0) continue;
        return Status::Unavailable(std::string("AUDIT_GET: ") + strerror(-err));
      }
      if (h->nlmsg_type == AUDIT_GET) {
        audit_status st = {};
        memcpy(&st, NLMSG_DATA(h),
               std::min(sizeof(st), static_cast<size_t>(n) - NLMSG_HDRLEN));
        return st.enabled;
      }
    }
    return Status::Unavailable("no AUDIT_GET reply");
  }
  static Status Set(int fd, uint32_t enabled) {
    audit_status st = {};
    st.mask = AUDIT_STATUS_ENABLED;
    st.enabled = enabled;
    SG_RETURN_IF_ERROR(Send(fd, AUDIT_SET, &st, sizeof(st)));
    char buf[8192];
    ssize_t n = recv(fd, buf, sizeof(buf), 0);
    if (n >= static_cast<ssize_t>(NLMSG_HDRLEN)) {
      auto* h = reinterpret_cast<nlmsghdr*>(buf);
      int err = h->nlmsg_type == NLMSG_ERROR
                    ? static_cast<nlmsgerr*>(NLMSG_DATA(h))->error
                    : 0;
      if (err != 0) {
        return Status::Unavailable(std::string("AUDIT_SET: ") + strerror(-err));
      }
    }
    return Status::Ok();
  }
  std::string why_;
  int previous_ = -1;
};

// Writing /proc/self/comm is allowed by the read-write /proc mount but not
// by Landlock (only the writable roots, /tmp and /dev are): a denial only
// Landlock makes, which must reach the audit log through kernel audit.
TEST_P(EscapeTest, LandlockDenialIsInTheAuditLog) {
  const std::vector<std::string> attack = {
      "/bin/sh", "-c", "echo pwned > /proc/self/comm && echo ESCAPED"};
  if (GetParam() == Mode::kUnprivileged) {
    // Kernel audit records are root's to read: the log says so.
    Proc p = Exec({}, attack);
    EXPECT_EQ(p.out.find("ESCAPED"), std::string::npos) << p.out;
    EXPECT_NE(Audit().find("\"event\":\"landlock-audit\",\"available\":false"),
              std::string::npos)
        << Audit();
    EXPECT_NE(Audit().find("not observable"), std::string::npos) << Audit();
    return;
  }
  if (LandlockAbiVersion() < 7) {
    GTEST_SKIP() << "Landlock ABI " << LandlockAbiVersion()
                 << " cannot report denials to audit (needs ABI 7)";
  }
  {
    KernelAuditOn audit;
    if (!audit.why_not().empty()) {
      GTEST_SKIP() << "kernel audit unavailable: " << audit.why_not();
    }
    Proc p = Exec({}, attack);
    EXPECT_EQ(p.out.find("ESCAPED"), std::string::npos) << p.out;
    EXPECT_NE(p.exit_code, 0);
    std::string log = Audit();
    EXPECT_NE(log.find("\"event\":\"landlock-audit\",\"available\":true"),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("\"event\":\"denied\",\"layer\":\"landlock\","
                       "\"blockers\":\"fs.write_file\""),
              std::string::npos)
        << log;
    EXPECT_NE(log.find("/comm\""), std::string::npos) << log;
    EXPECT_NE(Report().find("\"landlock_denials\""), std::string::npos);
    EXPECT_NE(Report().find("fs.write_file"), std::string::npos) << Report();
    if (!audit.was_disabled()) return;
  }
  // Audit back off: the same run says the denials are not observable.
  fs::remove(audit_path());
  Exec({}, attack);
  EXPECT_NE(Audit().find("kernel audit is disabled"), std::string::npos)
      << Audit();
  EXPECT_EQ(Audit().find("\"layer\":\"landlock\",\"blockers\""),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Modes, EscapeTest,
                         ::testing::Values(Mode::kRoot, Mode::kUnprivileged),
                         [](const auto& info) {
                           return info.param == Mode::kRoot ? "AsRoot"
                                                            : "Unprivileged";
                         });

// The egress contract, in process: with allow_net the supervisor receives a
// listener inside the task's network namespace and the task reaches it
// through HTTP_PROXY.
TEST(ProxyListenerTest, SupervisorAcceptsConnectionsFromInsideTheNamespace) {
  Settings s = DefaultSettings();
  s.allow_net = true;
  s.writable = {"/tmp"};
  s.timeout_ms = 60000;
  Host host = Host::Current();
  host.cwd = "/tmp";
  std::string script =
      "exec " + ProbeBin() + " connect 127.0.0.1 \"${HTTP_PROXY##*:}\"";
  Result<Config> c = ResolveConfig(s, host, {"/bin/sh", "-c", script});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  std::atomic<int> port{0};
  std::string received;
  std::thread acceptor;
  c->on_proxy_listener = [&](Fd listener, int p) {
    port = p;
    acceptor = std::thread([&received, l = std::move(listener)]() mutable {
      Fd conn(accept(l.get(), nullptr, nullptr));
      char buf[64];
      ssize_t n = conn ? read(conn.get(), buf, sizeof(buf)) : -1;
      if (n > 0) received.assign(buf, static_cast<size_t>(n));
    });
  };
  RunResult r = RunSandboxed(*c, nullptr);
  if (acceptor.joinable()) acceptor.join();
  EXPECT_FALSE(r.refused) << r.refusal;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_GT(port.load(), 0);
  EXPECT_EQ(r.proxy_port, port.load());
  EXPECT_EQ(received, "escaped\n");
}

// Landlock on its own (no mount namespace): writes outside the writable
// roots fail; with Landlock disabled as well the same write succeeds.
TEST(LandlockTest, ConfinesWritesWithoutAMountNamespace) {
  if (LandlockAbiVersion() <= 0) GTEST_SKIP() << "kernel without Landlock";
  // Outside /tmp (writable to Landlock, and private only with a mount
  // namespace) and reachable by nobody.
  std::string base = "/var/tmp/sg-landlock-XXXXXX";
  ASSERT_NE(mkdtemp(base.data()), nullptr);
  std::string outside = base + "/outside", inside = base + "/inside";
  fs::create_directories(outside);
  fs::create_directories(inside);
  for (const std::string& d : {base, outside, inside}) chmod(d.c_str(), 0777);
  auto run = [&](LayerSet disabled) {
    Settings s = DefaultSettings();
    s.writable = {inside};
    Host host = Host::Current();
    host.cwd = inside;
    Result<Config> c = ResolveConfig(
        s, host,
        {"/bin/sh", "-c",
         "echo x > " + inside + "/ok && echo x > " + outside + "/escaped"});
    EXPECT_TRUE(c.ok());
    c->enabled &= ~disabled;
    c->required = 0;
    return RunSandboxed(*c, nullptr);
  };
  RunResult confined = run(Bit(Layer::kMountNs));
  EXPECT_FALSE(confined.refused) << confined.refusal;
  EXPECT_NE(confined.exit_code, 0);
  EXPECT_TRUE(fs::exists(inside + "/ok"));
  EXPECT_FALSE(fs::exists(outside + "/escaped"));
  bool applied = false;
  for (const LayerReport& l : confined.layers) {
    if (l.layer == Layer::kLandlock) applied = l.state == LayerState::kApplied;
    if (l.layer == Layer::kMountNs) {
      EXPECT_NE(l.state, LayerState::kApplied);
    }
  }
  EXPECT_TRUE(applied);
  RunResult open = run(Bit(Layer::kMountNs) | Bit(Layer::kLandlock));
  EXPECT_EQ(open.exit_code, 0);
  EXPECT_TRUE(fs::exists(outside + "/escaped"));  // control: the write is real
  fs::remove_all(base);
}

}  // namespace
}  // namespace sg::sandbox
