#include "settings/job_context.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "tests/fake_github/fake_github.h"

namespace sg::settings {
namespace {

namespace fs = std::filesystem;

constexpr char kToken[] = "ghs_JOBTOKENjobTOKENjobTOKENjob012345678";

class JobContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("job-context-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / ".github/workflows");
    env_ = {
        {"GITHUB_WORKFLOW_REF", "o/r/.github/workflows/ci.yml@refs/heads/main"},
        {"GITHUB_JOB", "build"},
        {"GITHUB_EVENT_NAME", "push"},
        {"GITHUB_REPOSITORY", "o/r"},
        {"GITHUB_WORKSPACE", dir_.string()}};
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteWorkflow(const std::string& text) {
    std::ofstream(dir_ / ".github/workflows/ci.yml") << text;
  }
  github::EnvLookup Lookup() {
    return [this](std::string_view n) -> std::optional<std::string> {
      auto it = env_.find(std::string(n));
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
  }

  fs::path dir_;
  std::map<std::string, std::string> env_;
};

TEST(WorkflowRefTest, Parses) {
  std::string repo, path;
  ASSERT_TRUE(ParseWorkflowRef(
      "octo/hello/.github/workflows/ci.yml@refs/pull/1/merge", &repo, &path));
  EXPECT_EQ(repo, "octo/hello");
  EXPECT_EQ(path, ".github/workflows/ci.yml");
  EXPECT_FALSE(ParseWorkflowRef("nonsense", &repo, &path));
}

TEST_F(JobContextTest, ReadsJobPermissionsFromWorkspace) {
  WriteWorkflow(
      "on: push\n"
      "permissions: write-all\n"
      "jobs:\n"
      "  build:\n"
      "    runs-on: ubuntu-latest\n"
      "    permissions:\n"
      "      contents: write\n"
      "    steps:\n"
      "      - run: make\n");
  auto ctx = LoadJobTokenContext(Lookup(), nullptr);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  EXPECT_EQ(ctx->workflow.kind, PermissionsSpec::Kind::kWriteAll);
  EXPECT_EQ(ctx->job_spec.kind, PermissionsSpec::Kind::kExplicit);
  EXPECT_EQ(ctx->job_spec.scopes.at("contents"), "write");
  EXPECT_EQ(ctx->job_spec.pos.line, 6);
  auto eff = ComputeEffectivePermissions(*ctx);
  ASSERT_TRUE(eff);
  EXPECT_EQ(eff->source, "job");
}

TEST_F(JobContextTest, ForkPullRequestFromEventPayload) {
  WriteWorkflow(
      "on: pull_request\njobs:\n  build:\n    permissions: write-all\n"
      "    runs-on: x\n    steps: [{run: make}]\n");
  std::ofstream(dir_ / "event.json")
      << R"({"pull_request":{"head":{"repo":{"full_name":"evil/r"}},)"
      << R"("base":{"repo":{"full_name":"o/r"}}}})";
  env_["GITHUB_EVENT_NAME"] = "pull_request";
  env_["GITHUB_EVENT_PATH"] = (dir_ / "event.json").string();
  auto ctx = LoadJobTokenContext(Lookup(), nullptr);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  EXPECT_TRUE(ctx->fork_pull_request);
  EXPECT_FALSE(ComputeEffectivePermissions(*ctx)->write_all);
}

TEST_F(JobContextTest, DefaultFromApiOrNotAssessed) {
  WriteWorkflow(
      "on: push\njobs:\n  build:\n    runs-on: x\n"
      "    steps: [{run: make}]\n");
  fake::FakeGitHub gh;
  ASSERT_TRUE(gh.Start());
  gh.AddToken(kToken, {});
  github::ClientOptions o;
  o.base_url = gh.base_url();
  github::Client client(o, github::Token(kToken));

  // Neither readable: the reason names the missing permission.
  fake::FakeResponse forbidden;
  forbidden.status = 403;
  forbidden.body = R"({"message":"Resource not accessible by integration"})";
  forbidden.headers.emplace_back("x-accepted-github-permissions",
                                 "administration=read");
  gh.Route("GET", "/repos/o/r/actions/permissions/workflow", forbidden);
  gh.Route("GET", "/orgs/o/actions/permissions/workflow", forbidden);
  auto ctx = LoadJobTokenContext(Lookup(), &client);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  EXPECT_FALSE(ctx->default_permissions.has_value());
  EXPECT_NE(ctx->default_unknown_reason.find("administration=read"),
            std::string::npos);

  // The organisation's setting is readable.
  gh.RouteJson("/orgs/o/actions/permissions/workflow",
               R"({"default_workflow_permissions":"write"})");
  ctx = LoadJobTokenContext(Lookup(), &client);
  ASSERT_TRUE(ctx.ok());
  EXPECT_EQ(ctx->default_permissions, "write");
  EXPECT_EQ(ctx->default_source, "organization");
}

TEST_F(JobContextTest, WorkflowFetchedFromApiWhenNotCheckedOut) {
  fake::FakeGitHub gh;
  ASSERT_TRUE(gh.Start());
  gh.AddToken(kToken, {});
  // "on: push\njobs:\n  build:\n    permissions: read-all\n    runs-on: x\n"
  gh.RouteJson(
      "/repos/o/r/contents/.github/workflows/ci.yml?ref=abc123",
      R"({"encoding":"base64","content":"b246IHB1c2gKam9iczoKICBidWlsZDoKICAgIHBlcm1pc3Npb25zOiByZWFkLWFsbAogICAgcnVucy1vbjogeAo="})");
  env_["GITHUB_WORKFLOW_SHA"] = "abc123";
  github::ClientOptions o;
  o.base_url = gh.base_url();
  github::Client client(o, github::Token(kToken));
  auto ctx = LoadJobTokenContext(Lookup(), &client);
  ASSERT_TRUE(ctx.ok()) << ctx.status().ToString();
  EXPECT_EQ(ctx->job_spec.kind, PermissionsSpec::Kind::kReadAll);
}

}  // namespace
}  // namespace sg::settings
