// `stepguard runner` end to end: the built binary with planted secrets in
// its environment, in a temporary $HOME and in a real git workspace, in
// every output format. No planted value may appear in any output.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/fd.h"

namespace sg::runner {
namespace {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out;
};

// Runs the stepguard binary with exactly `env`, in `cwd`, capturing stdout.
RunResult RunStepguard(const std::vector<std::string>& args,
                       const std::vector<std::string>& env,
                       const fs::path& cwd) {
  const char* bin = std::getenv("STEPGUARD_BIN");
  std::string binary =
      bin ? bin : std::string(STEPGUARD_BINARY_DIR) + "/stepguard";
  std::vector<std::string> argv_s = {binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv, envp;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s = env;
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return {};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  pid_t pid = -1;
  int rc =
      posix_spawn(&pid, binary.c_str(), &fa, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  ::close(pipefd[1]);
  RunResult r;
  if (rc != 0) {
    ::close(pipefd[0]);
    return r;
  }
  char buf[65536];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) r.out.append(buf, n);
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  r.exit_code =
      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

class RunnerCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-runner-cli-XXXXXX";
    root_ = ::mkdtemp(tmpl);
    fs::create_directories(root_ / "home");
    fs::create_directories(root_ / "empty");
  }
  void TearDown() override { fs::remove_all(root_); }
  std::vector<std::string> BaseEnv() {
    return {"PATH=/usr/bin:/bin", "HOME=" + (root_ / "home").string(),
            "XDG_CONFIG_HOME=" + (root_ / "home/.config").string()};
  }
  fs::path root_;
};

TEST_F(RunnerCliTest, NeverPrintsPlantedSecretsInAnyFormat) {
  const std::vector<std::string> secrets = {
      "ghs_CliPlantedGithubToken0123456789abcdef",
      "CliPlantedDatabasePassword!42",
      "wJalrXUtnFEMICliPlantedAwsSecretKey",
      "proxyCliPlantedPassword",
      "npm_CliPlantedNpmToken0123456789abcdefghij",
      "CliPlantedExtraHeaderBase64Value==",
      "MIIECliPlantedPrivateKeyBody",
      "CliPlantedRuntimeToken.payload.sig",
      "ghs_CliPlantedInsteadOfToken0123456789ab",
  };
  fs::path ws = root_ / "work/repo/repo";
  fs::path temp = root_ / "work/_temp";
  fs::create_directories(ws);
  ASSERT_EQ(std::system(("git -C '" + ws.string() + "' init -q").c_str()), 0);
  Write(
      temp / "git-credentials-1.config",
      "[http \"https://github.com/\"]\n\textraheader = AUTHORIZATION: basic " +
          secrets[5] + "\n");
  ASSERT_EQ(std::system(("HOME='" + (root_ / "home").string() + "' git -C '" +
                         ws.string() + "' config 'includeIf.gitdir:" +
                         (ws / ".git").string() + ".path' '" +
                         (temp / "git-credentials-1.config").string() + "'")
                            .c_str()),
            0);
  // A token in a config *key*: url.<base>.insteadOf rewrites.
  ASSERT_EQ(std::system(("git -C '" + ws.string() +
                         "' config 'url.https://x-access-token:" + secrets[8] +
                         "@github.com/.insteadof' https://github.com/")
                            .c_str()),
            0);
  Write(root_ / "home/.npmrc",
        "//registry.npmjs.org/:_authToken=" + secrets[4] + "\n");
  Write(root_ / "home/.aws/credentials",
        "[default]\naws_secret_access_key=" + secrets[2] + "\n");
  Write(root_ / "home/.ssh/id_ecdsa",
        "-----BEGIN EC PRIVATE KEY-----\n" + secrets[6] + "\n");

  std::vector<std::string> env = BaseEnv();
  env.push_back("GITHUB_TOKEN=" + secrets[0]);
  env.push_back("DATABASE_PASSWORD=" + secrets[1]);
  env.push_back("AWS_SECRET_ACCESS_KEY=" + secrets[2]);
  env.push_back("HTTPS_PROXY=http://user:" + secrets[3] + "@127.0.0.1:3128");
  env.push_back("ACTIONS_RUNTIME_TOKEN=" + secrets[7]);
  env.push_back("GITHUB_WORKSPACE=" + ws.string());
  env.push_back("RUNNER_TEMP=" + temp.string());
  env.push_back("NODE_OPTIONS=--require /tmp/" + secrets[1]);

  for (const char* format : {"plain", "json", "sarif", "github", "markdown"}) {
    RunResult r =
        RunStepguard({"runner", "--format", format}, env, root_ / "empty");
    // NODE_OPTIONS is tampering (high): the default policy fails.
    EXPECT_EQ(r.exit_code, 1) << format << "\n" << r.out;
    EXPECT_FALSE(r.out.empty()) << format;
    for (const auto& s : secrets) {
      EXPECT_EQ(r.out.find(s), std::string::npos)
          << format << " leaked " << s.substr(0, 6);
    }
    // Names, paths and keys are there.
    for (const char* shown :
         {"GITHUB_TOKEN", "DATABASE_PASSWORD", "~/.npmrc", "NODE_OPTIONS"}) {
      EXPECT_NE(r.out.find(shown), std::string::npos)
          << format << " lacks " << shown;
    }
  }

  RunResult j =
      RunStepguard({"runner", "--format", "json"}, env, root_ / "empty");
  auto doc = nlohmann::json::parse(j.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << j.out;
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["tool"]["name"], "stepguard");
  EXPECT_EQ(doc["verdict"], "fail");
  ASSERT_TRUE(doc["findings"].is_array());
  ASSERT_TRUE(doc["not_assessed"].is_array());
  std::set<std::string> rules;
  for (const auto& f : doc["findings"]) {
    rules.insert(f["rule"].get<std::string>());
    EXPECT_EQ(f["area"], "runner");
    EXPECT_TRUE(f.contains("severity") && f.contains("confidence") &&
                f.contains("message") && f.contains("fingerprint") &&
                f.contains("location"));
  }
  for (const char* rule :
       {"runner-secret-env", "runner-credential-file",
        "runner-persisted-credentials", "runner-actions-runtime-token",
        "runner-tampering-env", "runner-proxy-configured"}) {
    EXPECT_TRUE(rules.count(rule)) << rule;
  }
  const auto& facts = doc["facts"];
  ASSERT_TRUE(facts.is_object());
  for (const char* k : {"runner", "kernel", "identity", "sandbox", "network",
                        "processes", "conditions"}) {
    EXPECT_TRUE(facts.contains(k)) << k;
  }
  EXPECT_EQ(facts["identity"]["root"], true);
  EXPECT_TRUE(facts["sandbox"]["seccomp"].get<bool>());
  EXPECT_EQ(facts["conditions"]["persisted-credentials"], true);
  EXPECT_EQ(facts["network"]["proxy_variables"][0], "HTTPS_PROXY");
  EXPECT_TRUE(doc["stats"].contains("elapsed_ms"));
  EXPECT_TRUE(doc["stats"].contains("findings"));
}

TEST_F(RunnerCliTest, CleanEnvironmentPasses) {
  RunResult r =
      RunStepguard({"runner", "--format", "json"}, BaseEnv(), root_ / "empty");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["verdict"], "pass");
  EXPECT_EQ(doc["facts"]["runner"]["environment"], "local");
  RunResult plain = RunStepguard({"runner"}, BaseEnv(), root_ / "empty");
  EXPECT_EQ(plain.exit_code, 0);
  EXPECT_NE(plain.out.find("runner facts:"), std::string::npos);
  EXPECT_NE(plain.out.find("landlock ABI"), std::string::npos);
}

TEST_F(RunnerCliTest, PolicyRequireAndUsageErrors) {
  Write(root_ / "require.yml",
        "version: 1\nrunner:\n  require: [github-hosted]\n");
  RunResult r = RunStepguard({"runner", "--format", "json", "--policy",
                              (root_ / "require.yml").string()},
                             BaseEnv(), root_ / "empty");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("runner-requirement-unmet"), std::string::npos);
  // --fail-on none turns the violation into a report only.
  RunResult none = RunStepguard({"runner", "--fail-on", "none", "--policy",
                                 (root_ / "require.yml").string()},
                                BaseEnv(), root_ / "empty");
  EXPECT_EQ(none.exit_code, 0);

  Write(root_ / "bad.yml", "version: 1\nrunner:\n  forbid: [docker-sock]\n");
  EXPECT_EQ(RunStepguard({"runner", "--policy", (root_ / "bad.yml").string()},
                         BaseEnv(), root_ / "empty")
                .exit_code,
            2);
  EXPECT_EQ(RunStepguard({"runner", "--probe-network", "nohostport"}, BaseEnv(),
                         root_ / "empty")
                .exit_code,
            2);
  EXPECT_EQ(
      RunStepguard({"runner", "--format", "yaml"}, BaseEnv(), root_ / "empty")
          .exit_code,
      2);
}

TEST_F(RunnerCliTest, ProbeNetworkAgainstLoopback) {
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
  std::string ep = "127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  RunResult r =
      RunStepguard({"runner", "--format", "json", "--probe-network", ep},
                   BaseEnv(), root_ / "empty");
  auto doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  const auto& reach = doc["facts"]["network"]["reachability"];
  ASSERT_EQ(reach.size(), 1u);
  EXPECT_EQ(reach[0]["endpoint"], ep);
  EXPECT_EQ(reach[0]["reachable"], true);
}

}  // namespace
}  // namespace sg::runner
