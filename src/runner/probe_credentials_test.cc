#include <gtest/gtest.h>

#include "runner/fake_roots.h"
#include "runner/probes.h"
#include "runner/runner_check.h"

namespace sg::runner {
namespace {

using testing::CleanHostedRunner;
using testing::Condition;
using testing::CountRule;
using testing::FirstRule;
using testing::kRunnerTemp;
using testing::kWorkspace;

constexpr char kGhToken[] = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
constexpr char kApiKey[] = "sk-proj-abcdefghijklmnopqrstuvwxyz0123";

class CredentialsProbeTest : public ::testing::Test {
 protected:
  void SetUp() override { CleanHostedRunner(&fake_); }
  RunnerReport Run() { return RunRunnerChecks(fake_, {}, policy_); }
  // No finding may carry a planted value, in any field.
  static void ExpectNoValues(const RunnerReport& r,
                             const std::vector<std::string>& values) {
    for (const auto& f : r.findings.findings()) {
      for (const auto& v : values) {
        EXPECT_EQ(f.message.find(v), std::string::npos) << f.message;
        EXPECT_EQ(f.snippet.find(v), std::string::npos) << f.snippet;
        EXPECT_EQ(f.remediation.find(v), std::string::npos);
      }
    }
  }
  FakeSystemView fake_;
  RunnerPolicy policy_ = DefaultRunnerPolicy();
};

TEST_F(CredentialsProbeTest, CleanRunnerHasNoCredentialsInReach) {
  RunnerReport r = Run();
  EXPECT_EQ(Condition(r, "credentials-in-reach"), Tri::kNo);
  for (const char* c :
       {"secrets-in-env", "oidc-token-request", "actions-runtime-token",
        "credential-files", "persisted-credentials"}) {
    EXPECT_EQ(Condition(r, c), Tri::kNo) << c;
  }
}

TEST_F(CredentialsProbeTest, SecretVariablesAreNamedNeverShown) {
  fake_.SetEnv("GITHUB_TOKEN", kGhToken);
  fake_.SetEnv("OPENAI_API_KEY", kApiKey);
  fake_.SetEnv("INNOCENT_LOOKING", kGhToken);  // caught by the value's shape
  fake_.SetEnv("DB_PASSWORD_FILE",
               "/run/secrets/db");  // a pointer, not a secret
  fake_.SetEnv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-secret-env"), 4);
  std::string all;
  for (const auto& f : r.findings.findings()) all += f.message + "\n";
  for (const char* n : {"GITHUB_TOKEN", "OPENAI_API_KEY", "INNOCENT_LOOKING",
                        "AWS_ACCESS_KEY_ID"}) {
    EXPECT_NE(all.find(n), std::string::npos) << n;
  }
  EXPECT_EQ(all.find("DB_PASSWORD_FILE"), std::string::npos);
  EXPECT_NE(all.find("looks like a GitHub token"), std::string::npos);
  ExpectNoValues(r, {kGhToken, kApiKey, "AKIAIOSFODNN7EXAMPLE"});
  EXPECT_EQ(FirstRule(r, "runner-secret-env")->severity, Severity::kMedium);
  EXPECT_EQ(Condition(r, "secrets-in-env"), Tri::kYes);
}

TEST_F(CredentialsProbeTest, IgnoredVariableIsNotReported) {
  fake_.SetEnv("CODECOV_TOKEN", "public-upload-token-value");
  policy_.ignore_env = {"codecov_*"};
  EXPECT_EQ(CountRule(Run(), "runner-secret-env"), 0);
  policy_.ignore_env.clear();
  policy_.secret_env_patterns = {"*_SIGNER"};
  fake_.SetEnv("RELEASE_SIGNER", "x");
  EXPECT_EQ(CountRule(Run(), "runner-secret-env"), 2);
}

TEST_F(CredentialsProbeTest, RunnerTokensAreReported) {
  fake_.SetEnv("ACTIONS_ID_TOKEN_REQUEST_URL",
               "https://token.actions.example/x");
  fake_.SetEnv("ACTIONS_ID_TOKEN_REQUEST_TOKEN",
               "eyJhbGciOiJSUzI1NiJ9.payload.sig");
  fake_.SetEnv("ACTIONS_RUNTIME_TOKEN", "eyJ0eXAiOiJKV1QifQ.runtime.sig");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-oidc-token-request"), 1);
  EXPECT_EQ(CountRule(r, "runner-actions-runtime-token"), 1);
  EXPECT_EQ(CountRule(r, "runner-secret-env"), 0);  // not double-reported
  EXPECT_EQ(Condition(r, "oidc-token-request"), Tri::kYes);
  EXPECT_EQ(Condition(r, "actions-runtime-token"), Tri::kYes);
  ExpectNoValues(r, {"payload.sig", "runtime.sig"});
}

TEST_F(CredentialsProbeTest, CredentialFilesAreReportedByPath) {
  fake_.AddFile("/home/runner/.aws/credentials",
                "[default]\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n");
  fake_.AddFile("/home/runner/.npmrc",
                "//registry.npmjs.org/:_authToken=npm_SECRETSECRET\n");
  fake_.AddFile("/home/runner/.ssh/id_ed25519",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA\n", 0600);
  fake_.AddFile("/home/runner/.ssh/id_ed25519.pub",
                "ssh-ed25519 AAAA runner\n");
  fake_.AddFile("/home/runner/.docker/config.json",
                "{\"auths\":{\"ghcr.io\":{\"auth\":\"dXNlcjpwYXNz\"}}}");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-credential-file"), 4);
  std::string all;
  for (const auto& f : r.findings.findings()) all += f.message + "\n";
  EXPECT_NE(all.find("~/.aws/credentials"), std::string::npos);
  EXPECT_NE(all.find("~/.npmrc"), std::string::npos);
  EXPECT_NE(all.find("~/.ssh/id_ed25519 "), std::string::npos);
  EXPECT_EQ(all.find("id_ed25519.pub"), std::string::npos);
  EXPECT_NE(all.find("~/.docker/config.json"), std::string::npos);
  ExpectNoValues(
      r, {"wJalrXUtnFEMI", "npm_SECRETSECRET", "b3BlbnNzaA", "dXNlcjpwYXNz"});
  EXPECT_EQ(Condition(r, "credential-files"), Tri::kYes);
}

TEST_F(CredentialsProbeTest, ConfigFilesWithoutCredentialsAreSafe) {
  fake_.AddFile("/home/runner/.npmrc",
                "registry=https://registry.npmjs.org/\n");
  fake_.AddFile("/home/runner/.docker/config.json",
                "{\"credsStore\":\"desktop\"}");
  fake_.AddDir("/home/runner/.aws/sso/cache");  // empty
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-credential-file"), 0);
}

TEST_F(CredentialsProbeTest, PersistedCheckoutCredentialsInIncludedFile) {
  fake_.SetGitConfig(
      kWorkspace,
      {{"core.bare", "false", "local", 0},
       {"http.https://github.com/.extraheader",
        "AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA==", "local",
        1},
       {"remote.origin.url", "https://x-access-token:ghs_abc@github.com/o/r",
        "local", 0}});
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-persisted-credentials"), 2);
  const Finding* f = FirstRule(r, "runner-persisted-credentials");
  ASSERT_NE(f, nullptr);
  std::string all;
  for (const auto& x : r.findings.findings()) all += x.message + "\n";
  EXPECT_NE(all.find("http.https://github.com/.extraheader"),
            std::string::npos);
  EXPECT_NE(all.find("an included file"), std::string::npos);
  EXPECT_NE(all.find("remote.origin.url"), std::string::npos);
  ExpectNoValues(r, {"eC1hY2Nlc3MtdG9rZW46Z2hzX3NlY3JldA", "ghs_abc"});
  EXPECT_EQ(Condition(r, "persisted-credentials"), Tri::kYes);
}

TEST_F(CredentialsProbeTest, TokenInAnInsteadOfKeyIsFoundAndRedacted) {
  fake_.SetGitConfig(
      kWorkspace,
      {{"url.https://x-access-token:ghs_keysecret123@github.com/.insteadof",
        "https://github.com/", "global", 0},
       {"url.https://github.com/.insteadof", "git@github.com:", "global", 0},
       {"remote.origin.url",
        "https://0123456789abcdef0123456789@github.com/o/r", "local", 0}});
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-persisted-credentials"), 2);
  std::string all;
  for (const auto& f : r.findings.findings())
    all += f.message + " " + f.snippet + "\n";
  EXPECT_NE(all.find("url.https://***@github.com/.insteadof"),
            std::string::npos)
      << all;
  ExpectNoValues(r, {"ghs_keysecret123", "0123456789abcdef0123456789"});
}

TEST(RedactUrlCredentialsTest, MasksEveryUserinfo) {
  EXPECT_EQ(RedactUrlCredentials("url.https://u:p@h/.insteadof"),
            "url.https://***@h/.insteadof");
  EXPECT_EQ(RedactUrlCredentials("a https://t@x/y and ssh://k@z"),
            "a https://***@x/y and ssh://***@z");
  EXPECT_EQ(RedactUrlCredentials("http.https://github.com/.extraheader"),
            "http.https://github.com/.extraheader");
  EXPECT_EQ(RedactUrlCredentials("https://h/p@q"), "https://h/p@q");
}

TEST_F(CredentialsProbeTest, CredentialFileLeftInRunnerTemp) {
  fake_.AddFile(std::string(kRunnerTemp) + "/git-credentials-5a1e.config",
                "[http \"https://github.com/\"]\n\textraheader = "
                "AUTHORIZATION: basic c2VjcmV0\n");
  RunnerReport r = Run();
  EXPECT_EQ(CountRule(r, "runner-persisted-credentials"), 1);
  ExpectNoValues(r, {"c2VjcmV0"});
}

TEST_F(CredentialsProbeTest, CheckoutWithoutPersistedCredentialsIsSafe) {
  fake_.SetGitConfig(
      kWorkspace,
      {{"http.https://github.com/.extraheader", "", "local", 0},
       {"remote.origin.url", "https://github.com/o/r", "local", 0}});
  EXPECT_EQ(CountRule(Run(), "runner-persisted-credentials"), 0);
}

}  // namespace
}  // namespace sg::runner
