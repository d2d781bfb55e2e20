#include "git/workspace_status.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
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

// What a run changed, told apart from what was changed before it by ctime
// against the mark: real files in a real repository, one status pass.
TEST_F(WorkspaceStatusTest, ChangedSinceTellsTheRunsChangesFromEarlierOnes) {
  fs::create_directories(dir_ + "/keep");
  fs::create_directories(dir_ + "/gone");
  for (const char* f :
       {"again.txt", "keep/old.txt", "keep/stay.txt", "gone/x.txt", "late.txt"})
    ASSERT_TRUE(WriteFile(dir_ + "/" + f, "v1\n").ok()) << f;
  Git("add -A");
  Git("-c user.name=t -c user.email=t@e commit -q -m more");
  // Before the mark: an edit, an edit that the run edits again, an
  // untracked file and a deletion in a directory the run leaves alone.
  ASSERT_TRUE(WriteFile(dir_ + "/tracked.txt", "edited before\n").ok());
  ASSERT_TRUE(WriteFile(dir_ + "/again.txt", "edited before\n").ok());
  ASSERT_TRUE(WriteFile(dir_ + "/before.txt", "untracked\n").ok());
  fs::remove(dir_ + "/keep/old.txt");
  // Past the coarse clock's tick, so "before" is strictly before.
  usleep(20000);
  struct timespec mark = ChangeClockMark(dir_);
  // The run: a new file, an edit, another edit of an edited file, and a
  // deletion.
  ASSERT_TRUE(WriteFile(dir_ + "/new.txt", "made by the run\n").ok());
  ASSERT_TRUE(WriteFile(dir_ + "/late.txt", "edited by the run\n").ok());
  ASSERT_TRUE(WriteFile(dir_ + "/again.txt", "edited again\n").ok());
  fs::remove(dir_ + "/gone/x.txt");

  Result<std::vector<ChangedFile>> after = WorkspaceStatus(dir_);
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(ChangeOf(*after, "tracked.txt"), "modified");
  EXPECT_EQ(ChangeOf(*after, "before.txt"), "untracked");
  EXPECT_EQ(ChangeOf(*after, "keep/old.txt"), "deleted");
  std::vector<ChangedFile> during = ChangedSince(dir_, *after, mark);
  EXPECT_EQ(ChangeOf(during, "new.txt"), "untracked");
  EXPECT_EQ(ChangeOf(during, "late.txt"), "modified");
  EXPECT_EQ(ChangeOf(during, "again.txt"), "modified");
  EXPECT_EQ(ChangeOf(during, "gone/x.txt"), "deleted");
  EXPECT_EQ(ChangeOf(during, "tracked.txt"), "");
  EXPECT_EQ(ChangeOf(during, "before.txt"), "");
  EXPECT_EQ(ChangeOf(during, "keep/old.txt"), "");
  EXPECT_EQ(during.size(), 4u);
}

// Where no unnamed inode can be made, the mark is the wall clock rounded
// down to the second: never later than now.
TEST(ChangeClockMarkTest, FallsBackToTheWallClockRoundedDown) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  struct timespec mark = ChangeClockMark("/nonexistent/sg-mark");
  EXPECT_EQ(mark.tv_nsec, 0);
  EXPECT_LE(mark.tv_sec, now.tv_sec + 1);
  EXPECT_GE(mark.tv_sec, now.tv_sec - 1);
}

}  // namespace
}  // namespace sg::git
