#include "audit/use_trusted_publishing.h"

#include <gtest/gtest.h>

#include "audit/audit_test_util.h"

namespace sg::audit {
namespace {

std::vector<std::string> Commands(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& c : FindPublishCommands(script)) out.push_back(c.command);
  return out;
}

TEST(UseTrustedPublishingTest, Commands) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Commands("cargo publish --locked"), V{"cargo publish"});
  EXPECT_EQ(Commands("cargo publish --dry-run"), V{});
  EXPECT_EQ(Commands("python -m build && python3 -m twine upload dist/*"),
            V{"twine upload"});
  EXPECT_EQ(Commands("TWINE_PASSWORD=x twine upload \\\n  dist/*"),
            V{"twine upload"});
  EXPECT_EQ(Commands("npm ci\nnpm publish --access public"), V{"npm publish"});
  EXPECT_EQ(Commands("npm run publish"), V{});
  EXPECT_EQ(Commands("yarn npm publish"), V{"yarn npm publish"});
  EXPECT_EQ(Commands("gem build x.gemspec; gem push x.gem"), V{"gem push"});
  EXPECT_EQ(Commands("uv publish"), V{"uv publish"});
  EXPECT_EQ(Commands("# npm publish"), V{});
  EXPECT_EQ(Commands("echo npm publish"), V{});
  EXPECT_EQ(Commands("npm publish --registry https://npm.pkg.github.com"), V{});
  EXPECT_EQ(Commands("twine upload -r https://pypi.example.com dist/*"), V{});
  EXPECT_EQ(Commands("cargo publish --registry my-registry"), V{});
}

TEST(UseTrustedPublishingTest, ToolRunnersAndMoreRegistries) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Commands("bundle exec gem push x-1.0.gem"), V{"gem push"});
  EXPECT_EQ(Commands("pipx run twine==6.1.0 upload dist/*"), V{"twine upload"});
  EXPECT_EQ(Commands("bunx npm publish"), V{"npm publish"});
  EXPECT_EQ(Commands("bun publish --access public"), V{"bun publish"});
  EXPECT_EQ(Commands("bun publish --dry-run"), V{});
  EXPECT_EQ(Commands("dotnet nuget push out/*.nupkg --api-key \"$KEY\""),
            V{"dotnet nuget push"});
  EXPECT_EQ(Commands("nuget.exe push x.nupkg"), V{"nuget push"});
  EXPECT_EQ(Commands("dotnet nuget push x.nupkg --source https://nuget.pkg."
                     "github.com/acme/index.json"),
            V{});
  EXPECT_EQ(Commands("dotnet nuget push x.nupkg -s "
                     "https://api.nuget.org/v3/index.json"),
            V{"dotnet nuget push"});
  // twine's -s is --sign, not a registry.
  EXPECT_EQ(Commands("twine upload -s dist/*"), V{"twine upload"});
}

TEST(UseTrustedPublishingTest, PowerShellBacktickContinuations) {
  using V = std::vector<std::string>;
  // PowerShell (the default shell on Windows runners) continues a line with
  // a trailing backtick, as POSIX shells do with a backslash.
  EXPECT_EQ(Commands("cargo `\n  publish `\n  --allow-dirty"),
            V{"cargo publish"});
  EXPECT_EQ(Commands("cargo `\n  publish `\n  --dry-run"), V{});
  // A backtick inside a line is not a continuation.
  EXPECT_EQ(Commands("echo `date`\nnpm publish"), V{"npm publish"});
  // The command's span runs over every joined line.
  auto cmds = FindPublishCommands("cd pkg\ncargo `\n  publish\n");
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0].begin, 7u);
  EXPECT_EQ(cmds[0].end, 24u);
}

TEST(UseTrustedPublishingTest, ActionsWithTokens) {
  auto f = testing::LintWorkflow(R"(on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          password: ${{ secrets.PYPI_TOKEN }}
      - uses: pypa/gh-action-pypi-publish@release/v1
        with:
          password: ${{ secrets.TOKEN }}
          repository-url: https://pypi.example.com/
      - uses: pypa/gh-action-pypi-publish@release/v1
      - uses: rubygems/release-gem@v1
        with: {setup-trusted-publisher: false}
      - uses: actions/setup-node@v4
        with: {registry-url: "https://registry.npmjs.org", always-auth: true}
)",
                                 "use-trusted-publishing");
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].severity, Severity::kInfo);
  EXPECT_EQ(f[1].location->span.begin.line, 15);
  EXPECT_EQ(f[2].location->span.begin.line, 17);
}

TEST(UseTrustedPublishingTest, RunCommandsOnlyWithoutIdToken) {
  const char* wf = R"(on: push
jobs:
  token:
    runs-on: ubuntu-latest
    steps:
      - run: |
          npm ci
          npm publish
        env: {NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}"}
  oidc:
    runs-on: ubuntu-latest
    permissions: {id-token: write, contents: read}
    steps:
      - run: npm publish --provenance
  ghpkgs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with: {registry-url: "https://npm.pkg.github.com"}
      - run: npm publish
)";
  auto f = testing::LintWorkflow(wf, "use-trusted-publishing");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->span.begin.line, 8);
  EXPECT_EQ(f[0].location->span.begin.column, 11);
}

}  // namespace
}  // namespace sg::audit
