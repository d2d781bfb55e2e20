#include "git/config_reader.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

namespace sg::git {
namespace {

namespace fs = std::filesystem;

class ConfigReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-git-config-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    // Keep the test independent of the machine's ~/.gitconfig.
    fs::create_directories(root_ / "home");
    ::setenv("HOME", (root_ / "home").c_str(), 1);
    ::setenv("XDG_CONFIG_HOME", (root_ / "home/.config").c_str(), 1);
  }
  void TearDown() override { fs::remove_all(root_); }

  void Git(const std::string& args) {
    std::string cmd =
        "git -C '" + (root_ / "ws").string() + "' " + args + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  static void Write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }

  fs::path root_;
};

const ConfigEntry* Find(const std::vector<ConfigEntry>& v,
                        const std::string& name) {
  auto it = std::find_if(v.begin(), v.end(),
                         [&](const ConfigEntry& e) { return e.name == name; });
  return it == v.end() ? nullptr : &*it;
}

TEST_F(ConfigReaderTest, ReadsLocalEntriesAndConditionalIncludes) {
  fs::create_directories(root_ / "ws");
  Git("init -q");
  // What actions/checkout (v5+) does: credentials in a separate file under
  // $RUNNER_TEMP, pulled in by an includeIf on the repository's git dir.
  fs::path creds = root_ / "runner_temp/git-credentials-1234.config";
  Write(creds,
        "[http \"https://github.com/\"]\n"
        "\textraheader = AUTHORIZATION: basic c2VjcmV0LXZhbHVl\n");
  Git("config core.hooksPath .githooks");
  Git("config 'includeIf.gitdir:" + (root_ / "ws/.git").string() + ".path' '" +
      creds.string() + "'");

  auto r = ReadRepositoryConfig((root_ / "ws").string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ConfigEntry* hooks = Find(*r, "core.hookspath");
  ASSERT_NE(hooks, nullptr);
  EXPECT_EQ(hooks->value, ".githooks");
  EXPECT_EQ(hooks->level, "local");
  EXPECT_EQ(hooks->include_depth, 0);

  const ConfigEntry* header = Find(*r, "http.https://github.com/.extraheader");
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->include_depth, 1);
  EXPECT_EQ(header->level, "local");
}

TEST_F(ConfigReaderTest, ConditionalIncludeForAnotherRepoIsIgnored) {
  fs::create_directories(root_ / "ws");
  Git("init -q");
  fs::path creds = root_ / "runner_temp/other.config";
  Write(creds, "[http]\n\textraheader = AUTHORIZATION: basic eA==\n");
  Git("config 'includeIf.gitdir:/nonexistent/elsewhere/.git.path' '" +
      creds.string() + "'");
  auto r = ReadRepositoryConfig((root_ / "ws").string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Find(*r, "http.extraheader"), nullptr);
}

TEST_F(ConfigReaderTest, ReadsGlobalLevel) {
  fs::create_directories(root_ / "ws");
  Git("init -q");
  Write(root_ / "home/.gitconfig", "[core]\n\tfsmonitor = /tmp/x\n");
  auto r = ReadRepositoryConfig((root_ / "ws").string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const ConfigEntry* e = Find(*r, "core.fsmonitor");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->level, "global");
}

TEST_F(ConfigReaderTest, NotARepositoryIsNotFound) {
  fs::create_directories(root_ / "plain");
  auto r = ReadRepositoryConfig((root_ / "plain").string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sg::git
