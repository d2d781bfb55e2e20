#include "sandbox/protect.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "base/file.h"

namespace sg::sandbox {
namespace {

namespace fs = std::filesystem;

class ProtectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-protect-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = fs::canonical(tmpl).string();
    fs::create_directories(root_ + "/.git/hooks");
    fs::create_directories(root_ + "/.github/workflows");
    ASSERT_TRUE(WriteFile(root_ + "/.git/config", "[core]\n").ok());
    ASSERT_TRUE(
        WriteFile(root_ + "/.git/hooks/pre-commit.sample", "#!/bin/sh\n").ok());
    ASSERT_TRUE(
        WriteFile(root_ + "/.github/workflows/ci.yml", "on: push\n").ok());
    ASSERT_TRUE(WriteFile(root_ + "/src.c", "int main;\n").ok());
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string root_;
  std::vector<std::string> globs_ = {".git/hooks/**", ".git/config",
                                     ".github/workflows/**",
                                     ".github/actions/**", "*.key"};
};

TEST_F(ProtectTest, ExpandsToExistingPathsOnly) {
  ASSERT_TRUE(WriteFile(root_ + "/server.key", "k").ok());
  std::vector<std::string> p = ExpandProtectedPaths(root_, globs_);
  std::vector<std::string> want = {
      root_ + "/.git/config", root_ + "/.git/hooks",
      root_ + "/.github/workflows", root_ + "/server.key"};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(p, want);
}

TEST_F(ProtectTest, RestoresModifiedRemovesCreatedRecreatesDeleted) {
  ProtectedSnapshot snap = ProtectedSnapshot::Take({root_}, globs_);
  EXPECT_EQ(snap.size(), 3u);
  ASSERT_TRUE(
      WriteFile(root_ + "/.git/config", "[core]\nhooksPath=/tmp/evil\n").ok());
  ASSERT_TRUE(
      WriteFile(root_ + "/.git/hooks/pre-commit", "#!/bin/sh\ncurl evil\n")
          .ok());
  fs::remove(root_ + "/.github/workflows/ci.yml");
  fs::create_directories(root_ + "/.github/actions/x");
  ASSERT_TRUE(
      WriteFile(root_ + "/.github/actions/x/action.yml", "runs: evil").ok());
  ASSERT_TRUE(WriteFile(root_ + "/src.c", "changed, not protected").ok());

  std::vector<ProtectedViolation> v = snap.RestoreChanges();
  auto action = [&](const std::string& rel) {
    for (const auto& x : v)
      if (x.path == root_ + "/" + rel) return x.action;
    return std::string();
  };
  EXPECT_EQ(action(".git/config"), "restored");
  EXPECT_EQ(action(".git/hooks/pre-commit"), "removed");
  EXPECT_EQ(action(".github/workflows/ci.yml"), "recreated");
  EXPECT_EQ(action(".github/actions/x/action.yml"), "removed");
  EXPECT_EQ(action("src.c"), "");
  EXPECT_EQ(*ReadFile(root_ + "/.git/config"), "[core]\n");
  EXPECT_EQ(*ReadFile(root_ + "/.github/workflows/ci.yml"), "on: push\n");
  EXPECT_FALSE(fs::exists(root_ + "/.git/hooks/pre-commit"));
  EXPECT_TRUE(snap.RestoreChanges().empty());  // idempotent
}

TEST_F(ProtectTest, DoesNotFollowAPlantedSymlinkOutOfTheRoot) {
  char tmpl[] = "/tmp/sg-protect-outside-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string outside = tmpl;
  fs::create_directories(outside + "/workflows");
  ASSERT_TRUE(WriteFile(outside + "/workflows/victim.yml", "keep me").ok());
  ProtectedSnapshot snap = ProtectedSnapshot::Take({root_}, globs_);
  fs::remove_all(root_ + "/.github");
  fs::create_directory_symlink(outside, root_ + "/.github");
  std::vector<ProtectedViolation> v = snap.RestoreChanges();
  EXPECT_TRUE(fs::exists(outside + "/workflows/victim.yml"));  // not removed
  EXPECT_FALSE(fs::exists(outside + "/workflows/ci.yml"));  // not written there
  bool failed = false;
  for (const auto& x : v) failed |= x.action == "restore-failed";
  EXPECT_TRUE(failed);
  fs::remove_all(outside);
}

}  // namespace
}  // namespace sg::sandbox
