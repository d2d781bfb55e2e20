#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

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
       LintWorkflow(Step(expression), "unredacted-secrets")) {
    EXPECT_EQ(f.location->span.begin.line, 9);
    EXPECT_EQ(f.severity, Severity::kMedium);
    EXPECT_EQ(f.confidence, Confidence::kHigh);
    out.push_back(expression.substr(f.location->span.begin.column - 18,
                                    f.location->span.length));
  }
  return out;
}

using V = std::vector<std::string>;

TEST(UnredactedSecretsTest, DecodedSecrets) {
  EXPECT_EQ(Found("fromJSON(secrets)"), V{"fromJSON(secrets)"});
  EXPECT_EQ(Found("fromjson(SECRETS)"), V{"fromjson(SECRETS)"});
  EXPECT_EQ(Found("fromJSON(secrets.foo)"), V{"fromJSON(secrets.foo)"});
  EXPECT_EQ(Found("fromJSON(secrets.foo).bar.baz"), V{"fromJSON(secrets.foo)"});
  EXPECT_EQ(Found("fromJSON(secrets.foo) && fromJSON(secrets['bar'])"),
            (V{"fromJSON(secrets.foo)", "fromJSON(secrets['bar'])"}));
}

TEST(UnredactedSecretsTest, OtherUsesAreFine) {
  EXPECT_EQ(Found("secrets.foo"), V{});
  EXPECT_EQ(Found("fromJSON(notsecrets)"), V{});
  EXPECT_EQ(Found("fromJSON(env.secrets)"), V{});
  EXPECT_EQ(Found("fromJSON(vars.CONFIG).region"), V{});
}

}  // namespace
}  // namespace sg::audit
