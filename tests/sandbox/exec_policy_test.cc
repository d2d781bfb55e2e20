// `stepguard exec` end to end with a policy file and credential injection:
// the real binary, the real sandbox, a real TLS origin on 127.0.0.1 (the
// origin name is mapped to loopback through the test-only
// STEPGUARD_TEST_HOST_OVERRIDES, its self-signed CA passed through
// STEPGUARD_TEST_CA_FILE). Network: loopback only.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "base/file.h"
#include "egress/tls_test_util.h"
#include "tests/cli/run_command.h"

namespace sg {
namespace {

namespace fs = std::filesystem;
using sg::testing::CommandResult;
using sg::testing::RunCommand;
using sg::testing::StepguardBinary;

constexpr char kSecret[] = "sk-execPolicyTestSecretValue0123456789";
constexpr char kHost[] = "api.test";

class ExecPolicyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-exec-policy-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    chmod(dir_.c_str(), 0755);
    ws_ = dir_ + "/ws";
    fs::create_directories(ws_ + "/.github");
    chmod(ws_.c_str(), 0755);
    Write(ws_ + "/private.txt", "private-contents\n");
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  static void Write(const std::string& p, const std::string& s) {
    ASSERT_TRUE(WriteFile(p, s).ok());
    chmod(p.c_str(), 0644);
  }
  CommandResult Exec(const std::vector<std::string>& flags,
                     const std::vector<std::string>& cmd,
                     const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> argv = {StepguardBinary(), "exec",
                                     "--audit-log",     audit_path(),
                                     "--output",        dir_ + "/report.txt"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.push_back("--");
    argv.insert(argv.end(), cmd.begin(), cmd.end());
    return RunCommand(argv, ws_, env);
  }
  std::string audit_path() const { return dir_ + "/audit.jsonl"; }
  std::string Audit() const {
    Result<std::string> a = ReadFile(audit_path());
    return a.ok() ? *a : "";
  }
  std::string Report() const {
    Result<std::string> a = ReadFile(dir_ + "/report.txt");
    return a.ok() ? *a : "";
  }
  std::string dir_, ws_;
};

const std::vector<std::string> kShowFileAndVar = {
    "/bin/sh", "-c",
    "cat private.txt 2>/dev/null || echo unreadable; "
    "echo \"var=${EXEC_POLICY_VAR:-unset}\""};

TEST_F(ExecPolicyTest, PolicySandboxSectionHidesAndPasses) {
  const std::map<std::string, std::string> env = {
      {"EXEC_POLICY_VAR", "visible-value"}};
  // Control: the embedded default (no policy file) shows the file and does
  // not pass the variable.
  CommandResult before = Exec({}, kShowFileAndVar, env);
  ASSERT_EQ(before.exit_code, 0) << before.err << Report();
  EXPECT_NE(before.out.find("private-contents"), std::string::npos);
  EXPECT_NE(before.out.find("var=unset"), std::string::npos) << before.out;

  Write(ws_ + "/.github/stepguard.yml",
        "version: 1\n"
        "sandbox:\n"
        "  filesystem:\n"
        "    hidden: [private.txt]\n"
        "  env:\n"
        "    pass: [PATH, HOME, EXEC_POLICY_VAR]\n"
        "  limits:\n"
        "    timeout: 5m\n"
        "    pids: 256\n");
  CommandResult after = Exec({}, kShowFileAndVar, env);
  ASSERT_EQ(after.exit_code, 0) << after.err << Report();
  EXPECT_EQ(after.out.find("private-contents"), std::string::npos) << after.out;
  EXPECT_NE(after.out.find("unreadable"), std::string::npos) << after.out;
  EXPECT_NE(after.out.find("var=visible-value"), std::string::npos)
      << after.out;

  // --policy picks another file (here one without a sandbox section).
  Write(dir_ + "/other.yml", "version: 1\n");
  CommandResult other =
      Exec({"--policy", dir_ + "/other.yml"}, kShowFileAndVar, env);
  ASSERT_EQ(other.exit_code, 0) << other.err << Report();
  EXPECT_NE(other.out.find("private-contents"), std::string::npos);
}

// Without a policy file exec skips parsing the embedded default; that must
// give exactly the plan of a file that keeps the embedded default's sandbox
// section (a file overlays the embedded default, so the default's network
// allowlist, secrets and lists all apply through the full path).
TEST_F(ExecPolicyTest, NoPolicyFilePlansLikeAFileKeepingTheDefaults) {
  auto plan = [&](const std::vector<std::string>& flags) {
    std::vector<std::string> argv = {StepguardBinary(), "exec", "--explain",
                                     "--format", "json"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    CommandResult r = RunCommand(argv, ws_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.err;  // the plan goes to stderr (the task's stdout stays its own)
  };
  std::string without_file = plan({});
  ASSERT_NE(without_file.find("\"layers\""), std::string::npos) << without_file;
  Write(dir_ + "/defaults.yml", "version: 1\nfail-on: high\n");
  EXPECT_EQ(plan({"--policy", dir_ + "/defaults.yml"}), without_file);
  // Control: a sandbox key in the file does change the plan.
  Write(dir_ + "/changed.yml",
        "version: 1\nsandbox:\n  env:\n    pass: [PATH]\n");
  EXPECT_NE(plan({"--policy", dir_ + "/changed.yml"}), without_file);
}

TEST_F(ExecPolicyTest, PolicyTimeoutApplies) {
  Write(ws_ + "/.github/stepguard.yml",
        "version: 1\nsandbox:\n  limits:\n    timeout: 1s\n");
  CommandResult r = Exec({}, {"/bin/sleep", "30"});
  EXPECT_EQ(r.exit_code, 124) << r.err << Report();
}

TEST_F(ExecPolicyTest, BadPolicyIsAnInputErrorWithPosition) {
  Write(ws_ + "/.github/stepguard.yml",
        "version: 1\n"
        "sandbox:\n"
        "  limits:\n"
        "    timeout: banana\n");
  CommandResult r = Exec({}, {"/bin/echo", "must-not-run"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("stepguard.yml:4:"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("must-not-run"), std::string::npos) << r.out;
}

class ExecInjectTest : public ExecPolicyTest {
 protected:
  void SetUp() override {
    ExecPolicyTest::SetUp();
    egress::testing::MakeTestCert(kHost, &cert_);
    ca_file_ = dir_ + "/ca.pem";
    Write(ca_file_, cert_.cert_pem);
    server_ = std::make_unique<httplib::SSLServer>(cert_.cert, cert_.key);
    ASSERT_TRUE(server_->is_valid());
    server_->Get("/v1/echo", [this](const httplib::Request& req,
                                    httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      seen_auth_ = req.get_header_value("Authorization");
      ++requests_;
      // Echoed back so the test also sees the output filter at work.
      res.set_content("upstream-saw: " + seen_auth_ + "\n", "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    ExecPolicyTest::TearDown();
  }
  std::map<std::string, std::string> Env() const {
    return {
        {"EXEC_API_KEY", kSecret},
        {"STEPGUARD_TEST_HOST_OVERRIDES", std::string(kHost) + "=127.0.0.1"},
        {"STEPGUARD_TEST_CA_FILE", ca_file_}};
  }
  std::string Origin() const {
    return "https://" + std::string(kHost) + ":" + std::to_string(port_);
  }

  egress::testing::TestCert cert_;
  std::string ca_file_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mu_;
  std::string seen_auth_;
  int requests_ = 0;
};

// The task's side: print its environment, then one plain-HTTP request to
// the base URL (bash's /dev/tcp: no client tool needed in the image).
const std::vector<std::string> kTask = {
    "/bin/bash", "-c",
    "env; u=${EXEC_BASE_URL:?no base url}; hp=${u#http://}; "
    "path=/${hp#*/}; hp=${hp%%/*}; "
    "exec 3<>/dev/tcp/${hp%:*}/${hp#*:} || exit 7; "
    "printf 'GET %s/v1/echo HTTP/1.1\\r\\nHost: %s\\r\\nAuthorization: "
    "Bearer %s\\r\\nConnection: close\\r\\n\\r\\n' \"$path\" \"$hp\" "
    "\"$EXEC_API_KEY\" >&3; cat <&3"};

TEST_F(ExecInjectTest, TaskUsesTheSecretWithoutHoldingIt) {
  // --pass-env asks for the variable: injection still keeps it out.
  CommandResult r = Exec({"--inject-secret", "EXEC_API_KEY=" + Origin(),
                          "--pass-env", "EXEC_API_*"},
                         kTask, Env());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << Report();
  {
    std::lock_guard<std::mutex> lock(mu_);
    EXPECT_EQ(requests_, 1);
    EXPECT_EQ(seen_auth_, "Bearer " + std::string(kSecret));
  }
  EXPECT_NE(r.out.find("EXEC_API_KEY=stepguard-injected-placeholder"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("EXEC_BASE_URL=http://127.0.0.1:"), std::string::npos)
      << r.out;
  // The upstream's echo reached the task, with the value redacted.
  EXPECT_NE(r.out.find("upstream-saw: Bearer ***"), std::string::npos) << r.out;
  for (const std::string& where : {r.out, r.err, Audit(), Report()}) {
    EXPECT_EQ(where.find(kSecret), std::string::npos) << where;
  }
}

TEST_F(ExecInjectTest, PolicySecretsAreInjected) {
  Write(ws_ + "/.github/stepguard.yml",
        "version: 1\n"
        "sandbox:\n"
        "  secrets:\n"
        "    EXEC_API_KEY:\n"
        "      inject-into: " +
            Origin() + "\n");
  CommandResult r = Exec({}, kTask, Env());
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err << Report();
  std::lock_guard<std::mutex> lock(mu_);
  EXPECT_EQ(seen_auth_, "Bearer " + std::string(kSecret));
  EXPECT_EQ(r.out.find(kSecret), std::string::npos) << r.out;
}

TEST_F(ExecInjectTest, MissingSecretVariableRefuses) {
  std::map<std::string, std::string> env = Env();
  env["EXEC_API_KEY"] = "\x01";  // unset
  CommandResult r = Exec({"--inject-secret", "EXEC_API_KEY=" + Origin()},
                         {"/bin/echo", "must-not-run"}, env);
  EXPECT_EQ(r.exit_code, 125) << r.err;
  EXPECT_NE(r.err.find("EXEC_API_KEY"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("must-not-run"), std::string::npos);
  EXPECT_EQ(requests_, 0);
}

TEST_F(ExecInjectTest, HostOverridesAcceptOnlyLoopback) {
  std::map<std::string, std::string> env = Env();
  env["STEPGUARD_TEST_HOST_OVERRIDES"] = std::string(kHost) + "=10.0.0.1";
  CommandResult r = Exec({"--inject-secret", "EXEC_API_KEY=" + Origin()},
                         {"/bin/echo", "must-not-run"}, env);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out.find("must-not-run"), std::string::npos);
}

}  // namespace
}  // namespace sg
