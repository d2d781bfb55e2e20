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
  Result<std::vector<std::string>> p = ExpandProtectedPaths(root_, globs_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<std::string> want = {
      root_ + "/.git/config", root_ + "/.git/hooks",
      root_ + "/.github/workflows", root_ + "/server.key"};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(*p, want);
}

// Submodules keep their own hooks and config under .git/modules: a pattern
// with a wildcard directory binds each existing hooks directory (so no new
// hook can be created either) and each config file, and nothing else.
TEST_F(ProtectTest, WildcardDirectoryPatternsBindEachSubmodulesHooksAndConfig) {
  for (const char* sub : {"lib", "vendor"}) {
    std::string d = root_ + "/.git/modules/" + sub;
    fs::create_directories(d + "/hooks");
    fs::create_directories(d + "/objects/ab");
    ASSERT_TRUE(WriteFile(d + "/config", "[core]\n").ok());
    ASSERT_TRUE(WriteFile(d + "/objects/ab/cdef", "blob").ok());
    ASSERT_TRUE(
        WriteFile(d + "/hooks/post-checkout.sample", "#!/bin/sh\n").ok());
  }
  // Named "hooks" but a file, and a hooks directory one level too deep.
  ASSERT_TRUE(WriteFile(root_ + "/.git/modules/hooks", "x").ok());
  fs::create_directories(root_ + "/.git/modules/lib/objects/hooks");
  Result<std::vector<std::string>> p = ExpandProtectedPaths(
      root_, {".git/modules/*/hooks/**", ".git/modules/*/config"});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  std::vector<std::string> want = {root_ + "/.git/modules/lib/config",
                                   root_ + "/.git/modules/lib/hooks",
                                   root_ + "/.git/modules/vendor/config",
                                   root_ + "/.git/modules/vendor/hooks"};
  EXPECT_EQ(*p, want);
  // Only directories that can lead to a match are entered: the objects
  // below each submodule are never listed, so a walk allowed a dozen
  // entries still succeeds with a hundred objects present.
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(
        WriteFile(root_ + "/.git/modules/lib/objects/ab/o" + std::to_string(i),
                  "blob")
            .ok());
  }
  Result<std::vector<std::string>> pruned = ExpandProtectedPaths(
      root_, {".git/modules/*/hooks/**", ".git/modules/*/config"}, 12);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  EXPECT_EQ(*pruned, want);
  // The snapshot holds the files under them, for the check after the run.
  ProtectedSnapshot snap = ProtectedSnapshot::Take(
      {root_}, {".git/modules/*/hooks/**", ".git/modules/*/config"});
  EXPECT_TRUE(snap.complete());
  EXPECT_EQ(snap.size(), 4u);  // two configs, two sample hooks
}

// A pattern whose walk would examine more entries than allowed is refused
// before the run rather than enforced on part of the tree; after the run
// the same shortfall is reported, not hidden.
TEST_F(ProtectTest, TooLargeAWalkFailsClosed) {
  fs::create_directories(root_ + "/data");
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(
        WriteFile(root_ + "/data/f" + std::to_string(i) + ".txt", "x").ok());
  }
  std::vector<std::string> globs = {"data/**/*.key"};
  Result<std::vector<std::string>> p = ExpandProtectedPaths(root_, globs, 10);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("data/**/*.key"), std::string::npos);
  EXPECT_TRUE(ExpandProtectedPaths(root_, globs, 100).ok());
  ProtectedSnapshot small = ProtectedSnapshot::Take({root_}, globs, 10);
  EXPECT_FALSE(small.complete());
  std::vector<ProtectedViolation> v = small.RestoreChanges();
  ASSERT_FALSE(v.empty());
  EXPECT_EQ(v[0].action, "restore-incomplete");
  EXPECT_TRUE(ProtectedSnapshot::Take({root_}, globs, 100).complete());
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
