#include "base/strings.h"

#include <gtest/gtest.h>

namespace sg {
namespace {

TEST(GlobTest, SingleStarStopsAtSlash) {
  EXPECT_TRUE(GlobMatch("actions/*", "actions/checkout"));
  EXPECT_FALSE(GlobMatch("actions/*", "actions/checkout/sub"));
  EXPECT_TRUE(GlobMatch("*", "anything"));
  EXPECT_FALSE(GlobMatch("actions/*", "github/codeql-action"));
}

TEST(GlobTest, DoubleStarCrossesDirectories) {
  EXPECT_TRUE(GlobMatch(".github/workflows/**", ".github/workflows/ci.yml"));
  EXPECT_TRUE(GlobMatch(".github/workflows/**", ".github/workflows/a/b.yml"));
  EXPECT_TRUE(GlobMatch("**/*.yml", "a/b/c.yml"));
  EXPECT_TRUE(GlobMatch("**/*.yml", "c.yml"));
  EXPECT_FALSE(GlobMatch(".git/hooks/**", ".github/hooks/x"));
}

TEST(GlobTest, AdversarialPatternIsFast) {
  std::string text(5000, 'a');
  EXPECT_FALSE(GlobMatch("*a*a*a*a*a*a*a*a*a*b", text));
}

TEST(Utf8Test, FindsInvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("plain ascii"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("caf\xc3\xa9"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("ab\xff"), 2u);
  EXPECT_EQ(FindInvalidUtf8("ab\xc3"), 2u);        // truncated
  EXPECT_EQ(FindInvalidUtf8("\xc0\xaf"), 0u);      // overlong
  EXPECT_EQ(FindInvalidUtf8("\xed\xa0\x80"), 0u);  // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xf0\x9f\x98\x80"), std::string_view::npos);
}

TEST(StringsTest, SplitTrimJoin) {
  EXPECT_EQ(Split("a,b,,c", ','),
            (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(Trim("  x y \n"), "x y");
  EXPECT_EQ(Join({"a", "b"}, ", "), "a, b");
  EXPECT_TRUE(IEquals("GitHub", "github"));
}

TEST(StringsTest, JsonEscapeControlCharacters) {
  EXPECT_EQ(JsonEscape("a\"b\\\n\x01"), "a\\\"b\\\\\\n\\u0001");
}

TEST(StringsTest, FnvIsStable) {
  EXPECT_EQ(Hex64(Fnv1a64("")), "cbf29ce484222325");
  EXPECT_EQ(Hex64(Fnv1a64("a")), "af63dc4c8601ec8c");
}

}  // namespace
}  // namespace sg
