#include "model/repo.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace sg::model {
namespace {

namespace fs = std::filesystem;

class RepoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-repo-XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << text;
  }
  fs::path root_;
};

TEST_F(RepoTest, DiscoversWorkflowsActionsAndDependabot) {
  Write(
      ".github/workflows/ci.yml",
      "on: push\njobs:\n  a:\n    steps:\n      - uses: ./.github/actions/x\n");
  Write(".github/workflows/notes.txt", "not yaml");
  Write(".github/actions/x/action.yml",
        "name: x\nruns:\n  using: composite\n  steps: []\n");
  Write(".github/dependabot.yml", "version: 2\nupdates: []\n");
  Write("src/config.yml", "unrelated: true\n");
  Diagnostics d;
  auto r = Repository::Load({root_.string()}, &d);
  ASSERT_TRUE(r.ok());
  std::vector<std::string> paths;
  for (const auto& f : (*r)->files()) paths.push_back(f->path);
  EXPECT_EQ(paths, (std::vector<std::string>{".github/actions/x/action.yml",
                                             ".github/dependabot.yml",
                                             ".github/workflows/ci.yml"}));
  EXPECT_NE((*r)->ResolveLocalAction("./.github/actions/x"), nullptr);
  EXPECT_EQ((*r)->ResolveLocalAction("./missing"), nullptr);
}

TEST_F(RepoTest, BadFilesAreReportedAndOthersStillLoad) {
  Write("a.yml", "on: push\njobs: {}\n");
  Write("b.yml", "a: [\n");
  Write("c.yml", "a: \xfe\n");
  Diagnostics d;
  auto r = Repository::Load({root_.string()}, &d);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->files().size(), 1u);
  EXPECT_EQ((*r)->files_seen(), 3u);
  EXPECT_EQ(d.error_count(), 2u);
}

TEST_F(RepoTest, MissingPathIsNotFound) {
  Diagnostics d;
  auto r = Repository::Load({(root_ / "nope").string()}, &d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sg::model
