#include "git/workspace_status.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/file.h"

namespace sg::git {
namespace {

namespace fs = std::filesystem;

class WorkspaceStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-git-status-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    Git("init -q");
    ASSERT_TRUE(WriteFile(dir_ + "/tracked.txt", "one\n").ok());
    ASSERT_TRUE(WriteFile(dir_ + "/gone.txt", "bye\n").ok());
    ASSERT_TRUE(WriteFile(dir_ + "/.gitignore", "*.log\n").ok());
    Git("add -A");
    Git("-c user.name=t -c user.email=t@e commit -q -m init");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Git(const std::string& args) {
    std::string cmd = "git -C " + dir_ + " " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  static std::string ChangeOf(const std::vector<ChangedFile>& v,
                              const std::string& p) {
    auto it = std::find_if(v.begin(), v.end(),
                           [&](const ChangedFile& f) { return f.path == p; });
    return it == v.end() ? "" : it->change;
  }
  std::string dir_;
};

TEST_F(WorkspaceStatusTest, CleanTreeHasNoChanges) {
  Result<std::vector<ChangedFile>> s = WorkspaceStatus(dir_);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->empty());
}

TEST_F(WorkspaceStatusTest, ListsModifiedDeletedUntrackedAndStaged) {
  ASSERT_TRUE(WriteFile(dir_ + "/tracked.txt", "two\n").ok());
  fs::remove(dir_ + "/gone.txt");
  fs::create_directories(dir_ + "/new/deep");
  ASSERT_TRUE(WriteFile(dir_ + "/new/deep/file.c", "x").ok());
  ASSERT_TRUE(WriteFile(dir_ + "/staged.txt", "s").ok());
  ASSERT_TRUE(WriteFile(dir_ + "/debug.log", "ignored").ok());
  Git("add staged.txt");
  Result<std::vector<ChangedFile>> s =
      WorkspaceStatus(dir_ + "/new");  // searches upward
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(ChangeOf(*s, "tracked.txt"), "modified");
  EXPECT_EQ(ChangeOf(*s, "gone.txt"), "deleted");
  EXPECT_EQ(ChangeOf(*s, "new/deep/file.c"), "untracked");
  EXPECT_EQ(ChangeOf(*s, "staged.txt"), "added");
  EXPECT_EQ(ChangeOf(*s, "debug.log"), "");
  EXPECT_EQ(s->size(), 4u);
}

TEST_F(WorkspaceStatusTest, NotARepository) {
  char tmpl[] = "/tmp/sg-git-none-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  Result<std::vector<ChangedFile>> s = WorkspaceStatus(tmpl);
  fs::remove_all(tmpl);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kNotFound);
}

TEST_F(WorkspaceStatusTest, FindWorkTreeUsesStatOnly) {
  fs::create_directories(dir_ + "/a/b");
  EXPECT_EQ(FindWorkTree(dir_ + "/a/b"), dir_);
  EXPECT_EQ(FindWorkTree(dir_), dir_);
  EXPECT_EQ(FindWorkTree("/proc/self"), "");
}

TEST(StatusDeltaTest, ReportsOnlyDifferences) {
  std::vector<ChangedFile> before = {{"a", "modified", ""},
                                     {"b", "untracked", ""}};
  std::vector<ChangedFile> after = {
      {"a", "modified", ""}, {"c", "untracked", ""}, {"b", "added", ""}};
  std::vector<ChangedFile> d = StatusDelta(before, after);
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].path, "c");
  EXPECT_EQ(d[1].path, "b");
  EXPECT_EQ(d[1].change, "added");
}

}  // namespace
}  // namespace sg::git
