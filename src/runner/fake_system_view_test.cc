#include "runner/fake_system_view.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace sg::runner {
namespace {

TEST(FakeSystemViewTest, FilesDirectoriesAndLinks) {
  FakeSystemView f;
  f.AddFile("/etc/a/b.conf", "x", 0600, 7);
  f.AddSymlink("/etc/link", "/etc/a/b.conf");
  auto names = f.ListDir("/etc");
  ASSERT_TRUE(names.ok());
  std::sort(names->begin(), names->end());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "link"}));
  EXPECT_EQ(*f.ReadFile("/etc/link"), "x");
  EXPECT_EQ(f.Stat("/etc/link")->uid, 7u);
  EXPECT_EQ(f.Stat("/etc/a")->type, FileType::kDirectory);
  EXPECT_EQ(*f.ReadLink("/etc/link"), "/etc/a/b.conf");
  EXPECT_FALSE(f.ReadLink("/etc/a/b.conf").ok());
  EXPECT_FALSE(f.ReadFile("/nope").ok());
  EXPECT_FALSE(f.ReadFile("/etc/a").ok());
}

TEST(FakeSystemViewTest, ProcSelfFollowsSetSelf) {
  FakeSystemView f;
  f.AddProcess({5, 1, "x", 0, 1, false, {{"A", "1"}}, true, "0::/"});
  f.SetSelf(5);
  f.AddFile("/proc/self/status", "Name:\tx\n");
  EXPECT_EQ(*f.ReadFile("/proc/5/status"), "Name:\tx\n");
  EXPECT_EQ(*f.ReadLink("/proc/self"), "5");
  EXPECT_EQ(*f.ReadFile("/proc/self/environ"), std::string("A=1\0", 4));
}

TEST(FakeSystemViewTest, EnvironmentHelpers) {
  FakeSystemView f;
  f.SetEnv("A", "1");
  f.SetEnv("A", "2");
  EXPECT_EQ(f.GetEnv("A"), "2");
  f.UnsetEnv("A");
  EXPECT_FALSE(f.GetEnv("A").has_value());
  f.AddFile("/proc/sys/kernel/osrelease", "6.1.0\n");
  EXPECT_EQ(f.Sysctl("kernel.osrelease"), "6.1.0");
}

}  // namespace
}  // namespace sg::runner
