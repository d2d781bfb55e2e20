#include "sandbox/env.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sg::sandbox {
namespace {

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(EnvTest, SecretNames) {
  for (const char* n :
       {"GITHUB_TOKEN", "OPENAI_API_KEY", "AWS_SECRET_ACCESS_KEY",
        "DB_PASSWORD", "NPM_AUTH", "MY_PAT", "GPG_PASSPHRASE",
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN"}) {
    EXPECT_TRUE(LooksSecretName(n)) << n;
  }
  for (const char* n : {"PATH", "HOME", "GITHUB_REPOSITORY", "GIT_AUTHOR_NAME",
                        "LANG", "KEYBOARD"}) {
    EXPECT_FALSE(LooksSecretName(n)) << n;
  }
  EXPECT_TRUE(LooksSecretValue("ghp_0123456789abcdefghij0123456789abcd"));
  EXPECT_FALSE(LooksSecretValue("ghp_"));
}

TEST(EnvTest, PassesOnlyListedVariables) {
  std::map<std::string, std::string> from = {
      {"PATH", "/usr/bin"},
      {"HOME", "/home/u"},
      {"LC_ALL", "C.UTF-8"},
      {"EDITOR", "vi"},
      {"GITHUB_TOKEN", "ghs_supersecretvalue1234"},
      {"GITHUB_ENV", "/runner/_temp/set_env"},
      {"ACTIONS_RUNTIME_URL", "https://pipelines.example/"},
      {"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "eyJhbGciOi-oidc-request"},
      {"LC_SECRET_TOKEN", "looks-like-a-secret"}};
  ScrubbedEnv e =
      ScrubEnvironment(from, {"PATH", "HOME", "LC_*", "GITHUB_*", "ACTIONS_*"});
  EXPECT_EQ(e.env.count("PATH"), 1u);
  EXPECT_EQ(e.env.count("LC_ALL"), 1u);
  EXPECT_EQ(e.env.count("EDITOR"), 0u);
  // Globs never pass secrets, file commands or ACTIONS_*.
  EXPECT_EQ(e.env.count("GITHUB_TOKEN"), 0u);
  EXPECT_EQ(e.env.count("GITHUB_ENV"), 0u);
  EXPECT_EQ(e.env.count("ACTIONS_RUNTIME_URL"), 0u);
  EXPECT_EQ(e.env.count("LC_SECRET_TOKEN"), 0u);
  EXPECT_TRUE(Has(e.dropped, "GITHUB_TOKEN"));
  EXPECT_TRUE(Has(e.secret_values, "ghs_supersecretvalue1234"));
  EXPECT_TRUE(Has(e.secret_values, "eyJhbGciOi-oidc-request"));
  EXPECT_FALSE(Has(e.secret_values, "/usr/bin"));
}

TEST(EnvTest, ExactNamePassesASecretButItIsStillRedacted) {
  std::map<std::string, std::string> from = {
      {"OPENAI_API_KEY", "sk-abcdefghijklmnopqrstuvwx"},
      {"GITHUB_OUTPUT", "/tmp/out"}};
  ScrubbedEnv e = ScrubEnvironment(from, {"OPENAI_API_KEY", "GITHUB_OUTPUT"});
  EXPECT_EQ(e.env.count("OPENAI_API_KEY"), 1u);
  EXPECT_EQ(e.env.count("GITHUB_OUTPUT"), 1u);
  EXPECT_TRUE(Has(e.secret_values, "sk-abcdefghijklmnopqrstuvwx"));
}

TEST(EnvTest, ShortSecretValuesAreNotRedacted) {
  ScrubbedEnv e = ScrubEnvironment({{"SOME_TOKEN", "true"}}, {});
  EXPECT_TRUE(e.secret_values.empty());
}

}  // namespace
}  // namespace sg::sandbox
