#include "sandbox/settings.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

namespace sg::sandbox {
namespace {

namespace fs = std::filesystem;

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-settings-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    fs::create_directories(dir_ + "/home/.ssh");
    fs::create_directories(dir_ + "/ws");
    fs::create_directories(dir_ + "/runner_temp");
    host_.cwd = dir_ + "/ws";
    host_.euid = 1000;  // unprivileged: no user lookups
    host_.uid = 1000;
    host_.gid = 1000;
    host_.total_ram = 8ULL << 30;
    host_.env = {{"HOME", dir_ + "/home"},
                 {"PATH", "/usr/bin"},
                 {"RUNNER_TEMP", dir_ + "/runner_temp"},
                 {"GITHUB_ENV", dir_ + "/runner_temp/set_env_1"},
                 {"GITHUB_TOKEN", "ghs_0123456789abcdefghijklmn"}};
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
  Host host_;
};

TEST_F(SettingsTest, DefaultsResolveAgainstTheHost) {
  Result<Config> c = ResolveConfig(DefaultSettings(), host_, {"true"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->writable,
            std::vector<std::string>{fs::canonical(dir_ + "/ws").string()});
  EXPECT_TRUE(Has(c->hidden, dir_ + "/home/.ssh"));
  EXPECT_TRUE(Has(c->hidden, dir_ + "/runner_temp"));
  EXPECT_TRUE(Has(c->hidden, dir_ + "/runner_temp/set_env_1"));
  EXPECT_EQ(c->env.count("GITHUB_TOKEN"), 0u);
  EXPECT_EQ(c->env.count("GITHUB_ENV"), 0u);
  EXPECT_EQ(c->env.at("PATH"), "/usr/bin");
  EXPECT_TRUE(Has(c->secret_values, "ghs_0123456789abcdefghijklmn"));
  EXPECT_EQ(c->limits.memory_bytes, 4ULL << 30);  // half of RAM
  EXPECT_EQ(c->limits.pids, 4096u);
  EXPECT_EQ(c->limits.timeout_ms, 3600000);
  EXPECT_EQ(*c->user.uid, 1000u);
  EXPECT_TRUE(Has(c->protected_globs, ".git/hooks/**"));
}

TEST_F(SettingsTest, NamingAFileCommandUnhidesRunnerTemp) {
  Settings s = DefaultSettings();
  s.env_pass.push_back("GITHUB_ENV");
  Result<Config> c = ResolveConfig(s, host_, {"true"});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->env.count("GITHUB_ENV"), 1u);
  EXPECT_FALSE(Has(c->hidden, dir_ + "/runner_temp"));
}

TEST_F(SettingsTest, MissingWritableRootIsAnError) {
  Settings s = DefaultSettings();
  s.writable = {"does-not-exist"};
  Result<Config> c = ResolveConfig(s, host_, {"true"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
}

TEST_F(SettingsTest, UnprivilegedCallerCannotPickAnotherUser) {
  Settings s = DefaultSettings();
  s.user = "0";
  EXPECT_FALSE(ResolveConfig(s, host_, {"true"}).ok());
}

// As root, stepguard runs the task as the workspace's owner, but never in
// the root group, even when the workspace's group is root.
TEST_F(SettingsTest, WorkspaceOwnerNeverGivesTheRootGroup) {
  if (geteuid() != 0) GTEST_SKIP() << "needs root (chown)";
  ASSERT_EQ(chown((dir_ + "/ws").c_str(), 65534, 0), 0);
  host_.euid = 0;
  host_.uid = 0;
  host_.gid = 0;
  Result<Config> c = ResolveConfig(DefaultSettings(), host_, {"true"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(*c->user.uid, 65534u);
  EXPECT_NE(*c->user.gid, 0u);
  host_.env["SUDO_UID"] = "65534";
  host_.env["SUDO_GID"] = "0";
  c = ResolveConfig(DefaultSettings(), host_, {"true"});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(*c->user.uid, 65534u);
  EXPECT_NE(*c->user.gid, 0u);
}

TEST_F(SettingsTest, ExpandPath) {
  EXPECT_EQ(ExpandPath("~/.aws", host_, "/h"), "/h/.aws");
  EXPECT_EQ(ExpandPath("$RUNNER_TEMP/x", host_, ""), dir_ + "/runner_temp/x");
  EXPECT_EQ(ExpandPath("${RUNNER_TEMP}", host_, ""), dir_ + "/runner_temp");
  EXPECT_EQ(ExpandPath("$UNSET_VAR/x", host_, ""), "");
  EXPECT_EQ(ExpandPath("rel", host_, ""), dir_ + "/ws/rel");
}

TEST(PolicyValuesTest, OverridesOnlyWhatIsSet) {
  Settings s = DefaultSettings();
  PolicyValues p;
  p.writable = std::vector<std::string>{"$GITHUB_WORKSPACE"};
  p.network_allow = std::vector<std::string>{"api.openai.com:443"};
  p.timeout = "30m";
  p.memory = "4GiB";
  p.require = std::vector<std::string>{"all"};
  ASSERT_TRUE(ApplyPolicyValues(p, &s).ok());
  EXPECT_EQ(s.writable, std::vector<std::string>{"$GITHUB_WORKSPACE"});
  EXPECT_TRUE(s.allow_net);
  EXPECT_EQ(s.timeout_ms, 1800000);
  EXPECT_EQ(s.memory_bytes, 4ULL << 30);
  EXPECT_EQ(*s.required, AllLayers());
  EXPECT_EQ(s.hidden, DefaultSettings().hidden);  // untouched
  EXPECT_EQ(s.pids, 4096u);
}

TEST(PolicyValuesTest, ErrorsNameTheKey) {
  Settings s = DefaultSettings();
  PolicyValues p;
  p.timeout = "forever";
  Status st = ApplyPolicyValues(p, &s);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("sandbox.limits.timeout"), std::string::npos);
  PolicyValues q;
  q.require = std::vector<std::string>{"mount", "teleport"};
  EXPECT_NE(ApplyPolicyValues(q, &s).message().find("sandbox.require"),
            std::string::npos);
}

TEST(ParseTest, Durations) {
  EXPECT_EQ(*ParseDurationMs("30m"), 1800000);
  EXPECT_EQ(*ParseDurationMs("1h30m"), 5400000);
  EXPECT_EQ(*ParseDurationMs("45"), 45000);
  EXPECT_EQ(*ParseDurationMs("250ms"), 250);
  EXPECT_FALSE(ParseDurationMs("soon").ok());
  EXPECT_FALSE(ParseDurationMs("5y").ok());
}

TEST(ParseTest, Sizes) {
  EXPECT_EQ(*ParseSize("4GiB"), 4ULL << 30);
  EXPECT_EQ(*ParseSize("512M"), 512ULL << 20);
  EXPECT_EQ(*ParseSize("64k"), 64ULL << 10);
  EXPECT_EQ(*ParseSize("100"), 100u);
  EXPECT_FALSE(ParseSize("lots").ok());
  EXPECT_FALSE(ParseSize("3 parsecs").ok());
}

}  // namespace
}  // namespace sg::sandbox
