#include "audit/adhoc_packages.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"
#include "base/strings.h"

namespace sg::audit {
namespace {

using testing::LintWorkflow;

bool Adhoc(const std::string& line) {
  std::vector<std::string> words;
  for (const auto& w : Split(line, ' '))
    if (!w.empty()) words.push_back(w);
  return IsAdhocInstall(words);
}

TEST(AdhocPackagesTest, Commands) {
  for (const char* yes :
       {"gem install rake", "gem install rails:7.0.0",
        "gem install --no-document rake", "gem install rake -v 13.0.6",
        "gem --silent install rake", "npm install lodash",
        "npm install --no-fund oxlint@1.55.0", "npm i lodash", "npm add lodash",
        "npm isnt lodash", "npx -y lodash", "npx --yes lodash@1.2.3",
        "npm exec lodash", "npm x --package=lodash", "npm exec -p lodash",
        "npm exec --ws -- eslint ./*.js", "sudo -E npm install -g yarn",
        "CI=1 /usr/bin/npm i -g pnpm"}) {
    EXPECT_TRUE(Adhoc(yes)) << yes;
  }
  for (const char* no :
       {"gem install", "gem install --help", "gem build foo.gemspec",
        "bundle install", "npm i --help", "npm i", "npm install --no-fund",
        "npm ci", "npx foobar", "npx foobar@1.2.3", "pip install requests",
        "echo npm install lodash"}) {
    EXPECT_FALSE(Adhoc(no)) << no;
  }
}

TEST(AdhocPackagesTest, SplitsScripts) {
  auto cmds = SplitShellCommands(
      "set -e # npm install commented\n"
      "npm ci && npm install \\\n  -g \"left pad\"; echo \"a;b\" | tee x\n"
      "v=$(npx -y cowsay hi)\n");
  // `v=` before `$(` is a command of its own (an assignment).
  ASSERT_EQ(cmds.size(), 7u);
  EXPECT_EQ(cmds[0].words, (std::vector<std::string>{"set", "-e"}));
  EXPECT_EQ(cmds[2].words,
            (std::vector<std::string>{"npm", "install", "-g", "left pad"}));
  EXPECT_EQ(cmds[3].words, (std::vector<std::string>{"echo", "a;b"}));
  EXPECT_EQ(cmds[4].words, (std::vector<std::string>{"tee", "x"}));
  EXPECT_EQ(cmds[6].words,
            (std::vector<std::string>{"npx", "-y", "cowsay", "hi"}));
}

TEST(AdhocPackagesTest, FindingsPointAtTheCommand) {
  auto f = LintWorkflow(R"(on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: |
          npm ci
          npm install -g @vercel/ncc && ncc build
      - run: Install-Module Foo
        shell: pwsh
      - run: gem install bundler -v 2.5.0
)",
                        "adhoc-packages");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kLow);
  EXPECT_EQ(f[0].confidence, Confidence::kHigh);
  EXPECT_EQ(f[0].location->span.begin.line, 9);
  EXPECT_EQ(f[0].location->span.begin.column, 11);
  EXPECT_EQ(f[0].location->span.length,
            std::string("npm install -g @vercel/ncc").size());
  EXPECT_EQ(f[1].location->span.begin.line, 12);
}

}  // namespace
}  // namespace sg::audit
