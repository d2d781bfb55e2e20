#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

using testing::Lint;
using testing::LintWorkflow;

std::string Step(const std::string& value) {
  return "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n "
         "   steps:\n"
         "      - run: ./x.sh\n        env:\n          V: ${{ " +
         value + " }}\n";
}

std::vector<std::string> Found(const std::string& expression) {
  std::vector<std::string> out;
  for (const Finding& f :
       LintWorkflow(Step(expression), "overprovisioned-secrets")) {
    EXPECT_EQ(f.location->span.begin.line, 9);
    // `V: ${{ ` ends at column 17.
    out.push_back(expression.substr(f.location->span.begin.column - 18,
                                    f.location->span.length));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(OverprovisionedSecretsTest, WholeContextExpansions) {
  EXPECT_EQ(Found("toJSON(secrets)"), V{"toJSON(secrets)"});
  EXPECT_EQ(Found("tOjSoN(sECrEtS)"), V{"tOjSoN(sECrEtS)"});
  EXPECT_EQ(Found("false || toJSON(secrets)"), V{"toJSON(secrets)"});
  EXPECT_EQ(Found("toJSON(secrets) || toJSON(secrets)"),
            (V{"toJSON(secrets)", "toJSON(secrets)"}));
  EXPECT_EQ(Found("format('{0}', toJSON(secrets))"), V{"toJSON(secrets)"});
  EXPECT_EQ(Found("secrets[format('GH_PAT_{0}', matrix.env)]"),
            V{"secrets[format('GH_PAT_{0}', matrix.env)]"});
  EXPECT_EQ(Found("SECRETS[matrix.name]"), V{"SECRETS[matrix.name]"});
  EXPECT_EQ(Found("join(secrets.*, ',')"), V{"secrets.*"});
}

TEST(OverprovisionedSecretsTest, NamedSecretsAreFine) {
  EXPECT_EQ(Found("secrets.NPM_TOKEN"), V{});
  EXPECT_EQ(Found("toJSON(secrets.foo)"), V{});
  EXPECT_EQ(Found("secrets['NPM_TOKEN']"), V{});
  EXPECT_EQ(Found("toJSON(github)"), V{});
}

TEST(OverprovisionedSecretsTest, SeverityAndActions) {
  auto f = Lint({{"action.yml", R"(name: a
description: d
runs:
  using: composite
  steps:
    - run: ./x.sh
      shell: bash
      env:
        ALL: ${{ toJSON(secrets) }}
)"}},
                "overprovisioned-secrets");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kMedium);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->route, "runs.steps[0].env.ALL");
}

}  // namespace
}  // namespace sg::audit
