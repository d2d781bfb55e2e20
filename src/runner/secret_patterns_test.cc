#include "runner/secret_patterns.h"

#include <gtest/gtest.h>

namespace sg::runner {
namespace {

TEST(SecretPatternsTest, SecretNames) {
  for (const char* n :
       {"GITHUB_TOKEN", "NPM_TOKEN", "OPENAI_API_KEY", "DB_PASSWORD",
        "aws_secret_access_key", "GH_PAT", "SSH_PRIVATE_KEY",
        "SLACK_WEBHOOK_URL", "AZURE_CREDENTIALS", "NUGET_AUTH"}) {
    EXPECT_TRUE(IsSecretLikeName(n, {})) << n;
  }
  for (const char* n : {"PATH", "HOME", "AWS_CA_BUNDLE", "TOKEN_FILE",
                        "SECRET_PATH", "AWS_ACCESS_KEY_ID", "SSL_CERT_FILE",
                        "RUNNER_TRACKING_ID", "GITHUB_TOKEN_URL"}) {
    EXPECT_FALSE(IsSecretLikeName(n, {})) << n;
  }
  EXPECT_TRUE(IsSecretLikeName("RELEASE_SIGNER", {"*_signer"}));
}

TEST(SecretPatternsTest, ValueShapes) {
  EXPECT_EQ(SecretValueKind("ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            "GitHub token");
  EXPECT_EQ(SecretValueKind("github_pat_11AAAAAAA0aaaaaaaaaaaaaaaaaaaaaaa"),
            "GitHub fine-grained token");
  EXPECT_EQ(SecretValueKind("AKIAIOSFODNN7EXAMPLE"), "AWS access key id");
  EXPECT_EQ(SecretValueKind("-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
            "private key");
  EXPECT_EQ(SecretValueKind("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"),
            "JSON web token");
  EXPECT_EQ(SecretValueKind("/usr/bin:/bin"), "");
  EXPECT_EQ(SecretValueKind("ghp_short"), "");
  EXPECT_EQ(SecretValueKind("AKIA-not-a-key-at-all"), "");
}

}  // namespace
}  // namespace sg::runner
