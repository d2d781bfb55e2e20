// `stepguard token` end to end: the real binary against the fake GitHub API
// on loopback. A planted token must appear in no output, log or error.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/fake_github/fake_github.h"

extern char** environ;

namespace sg::fake {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

constexpr char kClassic[] = "ghp_PLANTEDclassicPLANTEDclassic98765432";
constexpr char kFineGrained[] =
    "github_pat_11PLANTED0fineGRAINED0planted0fineGRAINED0planted0xyz";
constexpr char kInstall[] = "ghs_PLANTEDinstallPLANTEDinstall98765432";

struct CliRun {
  int rc = -1;
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class TokenCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    bin_ = std::getenv("STEPGUARD_BIN") ? std::getenv("STEPGUARD_BIN")
                                        : STEPGUARD_BINARY_DIR "/stepguard";
    dir_ = fs::path(::testing::TempDir()) /
           ("token-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "ws/.github/workflows");
    ASSERT_TRUE(gh_.Start());
    gh_.RouteJson("/user", R"({"login":"octocat","id":1})");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs stepguard with a clean environment: only `env` plus PATH.
  CliRun Stepguard(std::vector<std::string> args,
                   std::map<std::string, std::string> env) {
    env["PATH"] = "/usr/bin:/bin";
    env["HOME"] = (dir_ / "home").string();
    env["STEPGUARD_CACHE_DIR"] = (dir_ / "cache").string();
    env.emplace("GITHUB_API_URL", gh_.base_url());
    std::vector<std::string> kv;
    for (auto& [k, v] : env) kv.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& s : kv) envp.push_back(s.data());
    envp.push_back(nullptr);
    args.insert(args.begin(), bin_);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    fs::path out = dir_ / "out.txt", err = dir_ / "err.txt";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addchdir_np(&fa, (dir_ / "ws").c_str());
    pid_t pid = 0;
    CliRun r;
    if (posix_spawn(&pid, bin_.c_str(), &fa, nullptr, argv.data(),
                    envp.data()) == 0) {
      int status = 0;
      waitpid(pid, &status, 0);
      r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    posix_spawn_file_actions_destroy(&fa);
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  // Asserts the secret is nowhere: stdout, stderr, the cache on disk.
  void ExpectNoLeak(const CliRun& r, const std::string& secret) {
    EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << r.err;
    // Also no long fragment of it (e.g. a truncated echo).
    std::string middle = secret.substr(4, 20);
    EXPECT_EQ(r.out.find(middle), std::string::npos);
    EXPECT_EQ(r.err.find(middle), std::string::npos);
    std::error_code ec;
    if (fs::exists(dir_ / "cache")) {
      for (auto& e : fs::recursive_directory_iterator(dir_ / "cache", ec)) {
        if (!e.is_regular_file()) continue;
        EXPECT_EQ(Slurp(e.path()).find(secret), std::string::npos) << e.path();
      }
    }
  }

  std::string bin_;
  fs::path dir_;
  FakeGitHub gh_;
};

bool HasRule(const json& j, const std::string& rule) {
  for (const auto& f : j["findings"]) {
    if (f["rule"] == rule) return true;
  }
  return false;
}

TEST_F(TokenCliTest, ClassicTokenWithDeleteRepoFailsThePolicy) {
  FakeTokenInfo info;
  info.oauth_scopes = "repo, delete_repo";
  info.expiration = "2099-01-01 00:00:00 UTC";
  gh_.AddToken(kClassic, info);
  CliRun r =
      Stepguard({"token", "--format", "json"}, {{"GITHUB_TOKEN", kClassic}});
  ASSERT_EQ(r.rc, 1) << r.out << r.err;
  json j = json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["verdict"], "fail");
  EXPECT_TRUE(HasRule(j, "token-forbidden-scope"));
  EXPECT_TRUE(HasRule(j, "token-long-lived"));
  EXPECT_EQ(j["token"]["kind"], "classic-pat");
  EXPECT_EQ(j["token"]["scopes"], json({"repo", "delete_repo"}));
  ExpectNoLeak(r, kClassic);
  // The request carried the token; the fake saw it, nothing else did.
  ASSERT_GE(gh_.request_count(), 1u);
  EXPECT_EQ(gh_.requests()[0].headers["authorization"],
            std::string("Bearer ") + kClassic);
}

TEST_F(TokenCliTest, FineGrainedTokenIsNotAssessedNotGuessed) {
  FakeTokenInfo info;
  info.expiration = "2099-01-01 00:00:00 UTC";
  gh_.AddToken(kFineGrained, info);
  CliRun r = Stepguard({"token", "--format", "json", "--token-env", "MY_PAT"},
                       {{"MY_PAT", kFineGrained}});
  json j = json::parse(r.out);
  EXPECT_EQ(j["token"]["kind"], "fine-grained-pat");
  bool found = false;
  for (const auto& n : j["not_assessed"]) {
    if (n["check"] == "token-permissions") {
      found = true;
      EXPECT_NE(n["reason"].get<std::string>().find("cannot be compared"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(found) << r.out;
  EXPECT_FALSE(HasRule(j, "token-forbidden-scope"));
  ExpectNoLeak(r, kFineGrained);
}

TEST_F(TokenCliTest, JobGithubTokenPermissionsFromTheRunningWorkflow) {
  gh_.AddToken(kInstall, {});
  gh_.RouteJson("/installation/repositories?per_page=1",
                R"({"total_count":1,"repositories":[]})");
  std::ofstream(dir_ / "ws/.github/workflows/ci.yml")
      << "on: push\npermissions: write-all\njobs:\n  build:\n"
         "    runs-on: ubuntu-latest\n    steps:\n      - run: make\n";
  CliRun r = Stepguard(
      {"token", "--format", "json"},
      {{"GITHUB_TOKEN", kInstall},
       {"GITHUB_ACTIONS", "true"},
       {"GITHUB_WORKFLOW_REF", "o/r/.github/workflows/ci.yml@refs/heads/main"},
       {"GITHUB_REPOSITORY", "o/r"},
       {"GITHUB_JOB", "build"},
       {"GITHUB_EVENT_NAME", "push"},
       {"GITHUB_WORKSPACE", (dir_ / "ws").string()}});
  ASSERT_EQ(r.rc, 1) << r.out << r.err;
  json j = json::parse(r.out);
  EXPECT_TRUE(HasRule(j, "token-write-all"));
  EXPECT_EQ(j["token"]["github_token"]["source"], "workflow");
  EXPECT_EQ(j["token"]["github_token"]["permissions"]["contents"], "write");
  ExpectNoLeak(r, kInstall);
}

TEST_F(TokenCliTest, OfflineMakesNoConnection) {
  gh_.AddToken(kClassic, {});
  std::ofstream(dir_ / "ws/.github/workflows/ci.yml")
      << "on: push\njobs:\n  build:\n    runs-on: x\n    steps: [{run: "
         "make}]\n";
  CliRun r = Stepguard(
      {"token", "--offline", "--format", "json"},
      {{"GITHUB_TOKEN", kClassic},
       {"GITHUB_WORKFLOW_REF", "o/r/.github/workflows/ci.yml@refs/heads/main"},
       {"GITHUB_REPOSITORY", "o/r"},
       {"GITHUB_JOB", "build"},
       {"GITHUB_EVENT_NAME", "push"},
       {"GITHUB_WORKSPACE", (dir_ / "ws").string()}});
  EXPECT_EQ(r.rc, 0) << r.out << r.err;
  EXPECT_EQ(gh_.request_count(), 0u);
  json j = json::parse(r.out);
  EXPECT_GE(j["not_assessed"].size(), 4u);
  ExpectNoLeak(r, kClassic);
}

TEST_F(TokenCliTest, NoTokenAnywhereInAnyFormatOrFailure) {
  FakeTokenInfo info;
  info.oauth_scopes = "repo, workflow, admin:org";
  gh_.AddToken(kClassic, info);
  // An echoing server error and a 5xx burst, then a normal answer.
  FakeResponse echo;
  echo.status = 500;
  echo.body = std::string(R"({"message":"boom for )") + kClassic + "\"}";
  for (const char* format : {"plain", "json", "sarif", "github", "markdown"}) {
    CliRun r = Stepguard({"token", "--format", format, "--verbose"},
                         {{"GITHUB_TOKEN", kClassic}});
    EXPECT_EQ(r.rc, 1) << format << r.out << r.err;
    ExpectNoLeak(r, kClassic);
  }
  gh_.Route("GET", "/user", echo);
  CliRun failing = Stepguard({"token"}, {{"GITHUB_TOKEN", kClassic}});
  ExpectNoLeak(failing, kClassic);
  EXPECT_NE(failing.out.find("not assessed"), std::string::npos) << failing.out;

  // Unknown token: 401 Bad credentials.
  CliRun rejected =
      Stepguard({"token", "--format", "json"},
                {{"GITHUB_TOKEN", "ghp_UNKNOWNunknownUNKNOWNunknown98765432"}});
  EXPECT_NE(rejected.out.find("Bad credentials"), std::string::npos)
      << rejected.out;
  ExpectNoLeak(rejected, "ghp_UNKNOWNunknownUNKNOWNunknown98765432");

  // Nothing listening at all.
  gh_.Stop();
  CliRun down =
      Stepguard({"token", "--format", "json"}, {{"GITHUB_TOKEN", kClassic}});
  ExpectNoLeak(down, kClassic);
}

// `stepguard lint` runs the online audits only with a token and without
// --offline, against GITHUB_API_URL (the fake here); a failed lookup is "not
// assessed", never a pass, and the token never leaks.
TEST_F(TokenCliTest, LintRunsOnlineAuditsOnlyWithATokenAndNeverLeaksIt) {
  gh_.AddToken(kClassic, {});
  std::ofstream(dir_ / "ws/.github/workflows/ci.yml")
      << "on: push\npermissions: {}\njobs:\n  build:\n    runs-on: x\n    "
         "steps:\n"
         "      - uses: someorg/someaction@v1\n";
  // No token: nothing is sent, the online audits are not assessed.
  CliRun none = Stepguard({"lint", ".", "--format", "json"}, {});
  EXPECT_EQ(gh_.request_count(), 0u);
  json j = json::parse(none.out);
  ASSERT_FALSE(j["not_assessed"].empty()) << none.out;
  EXPECT_EQ(j["not_assessed"][0]["check"], "impostor-commit");
  // --offline with a token: still nothing sent.
  CliRun offline = Stepguard({"lint", ".", "--offline", "--format", "json"},
                             {{"GITHUB_TOKEN", kClassic}});
  EXPECT_EQ(gh_.request_count(), 0u);
  EXPECT_NE(offline.out.find("--offline"), std::string::npos);
  // With a token the fake is asked; its 404s become "not assessed" entries.
  CliRun online = Stepguard({"lint", ".", "--format", "json"},
                            {{"GITHUB_TOKEN", kClassic}});
  EXPECT_GT(gh_.request_count(), 0u);
  EXPECT_TRUE(online.rc == 0 || online.rc == 1) << online.out << online.err;
  json o = json::parse(online.out);
  EXPECT_EQ(o["version"], 1);
  ExpectNoLeak(online, kClassic);
  for (const auto& req : gh_.requests()) {
    EXPECT_EQ(req.target.find(kClassic), std::string::npos);
  }
}

}  // namespace
}  // namespace sg::fake
