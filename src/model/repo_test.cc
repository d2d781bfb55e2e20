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

// Files are parsed on several threads; what is loaded, in what order, and
// every diagnostic must be the same as with one thread.
TEST_F(RepoTest, ParallelLoadMatchesSerialLoad) {
  for (int i = 0; i < 200; ++i) {
    const std::string n = std::to_string(i);
    if (i % 17 == 3) {
      Write("w/bad" + n + ".yml", "a: [\n");  // syntax error
    } else if (i % 23 == 5) {
      Write("w/dup" + n + ".yml", "on: push\non: pull_request\njobs: {}\n");
    } else {
      Write("w/ok" + n + ".yml", "on: push\njobs:\n  j" + n +
                                     ":\n    runs-on: ubuntu-latest\n"
                                     "    steps:\n      - run: echo " +
                                     n + "\n");
    }
  }
  auto load = [&](size_t jobs, Diagnostics* d) {
    LoadOptions o;
    o.jobs = jobs;
    auto r = Repository::Load({root_.string()}, d, o);
    EXPECT_TRUE(r.ok());
    return std::move(r).value();
  };
  Diagnostics d1, d4;
  auto serial = load(1, &d1);
  auto parallel = load(4, &d4);
  ASSERT_EQ(serial->files().size(), parallel->files().size());
  EXPECT_EQ(serial->files_seen(), 200u);
  EXPECT_EQ(parallel->files_seen(), 200u);
  for (size_t i = 0; i < serial->files().size(); ++i) {
    const SourceFile& a = *serial->files()[i];
    const SourceFile& b = *parallel->files()[i];
    EXPECT_EQ(a.path, b.path);
    ASSERT_TRUE(a.workflow && b.workflow) << a.path;
    ASSERT_EQ(a.workflow->jobs.size(), b.workflow->jobs.size());
    if (a.path.find("/ok") != std::string::npos) {
      ASSERT_EQ(a.workflow->jobs.size(), 1u);
      EXPECT_EQ(a.workflow->jobs[0].id, b.workflow->jobs[0].id);
    }
    EXPECT_EQ(a.diagnostics.size(), b.diagnostics.size()) << a.path;
  }
  ASSERT_EQ(d1.items().size(), d4.items().size());
  EXPECT_GT(d1.error_count(), 0u);
  for (size_t i = 0; i < d1.items().size(); ++i)
    EXPECT_EQ(d1.items()[i].ToString(), d4.items()[i].ToString());
}

TEST_F(RepoTest, MissingPathIsNotFound) {
  Diagnostics d;
  auto r = Repository::Load({(root_ / "nope").string()}, &d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sg::model
