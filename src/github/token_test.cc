#include "github/token.h"

#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>

namespace sg::github {
namespace {

template <typename T, typename = void>
struct IsStreamable : std::false_type {};
template <typename T>
struct IsStreamable<T, std::void_t<decltype(std::declval<std::ostream&>()
                                            << std::declval<const T&>())>>
    : std::true_type {};

static_assert(!IsStreamable<Token>::value, "a Token must not be printable");
static_assert(!std::is_convertible_v<Token, std::string>);
static_assert(!std::is_convertible_v<Token, std::string_view>);

TEST(TokenTest, ClassifiesDocumentedPrefixes) {
  EXPECT_EQ(Token("ghp_abc").kind(), TokenKind::kClassicPat);
  EXPECT_EQ(Token("github_pat_11ABC").kind(), TokenKind::kFineGrainedPat);
  EXPECT_EQ(Token("gho_x").kind(), TokenKind::kOAuthApp);
  EXPECT_EQ(Token("ghu_x").kind(), TokenKind::kUserToServer);
  EXPECT_EQ(Token("ghs_x").kind(), TokenKind::kInstallation);
  EXPECT_EQ(Token("ghr_x").kind(), TokenKind::kRefresh);
  EXPECT_EQ(Token("0123456789abcdef0123456789abcdef01234567").kind(),
            TokenKind::kUnknown);
  EXPECT_EQ(Token("").kind(), TokenKind::kNone);
  EXPECT_EQ(TokenKindName(TokenKind::kFineGrainedPat), "fine-grained-pat");
}

TEST(TokenTest, DescribeNeverShowsTheSecret) {
  Token t("ghp_SECRETSECRETSECRETSECRETSECRET123456");
  EXPECT_EQ(t.Describe(), "classic-pat (40 chars)");
  EXPECT_EQ(t.Describe().find("SECRET"), std::string::npos);
}

TEST(TokenTest, ScrubRemovesTheSecretAndTokenShapes) {
  Token t("0123456789abcdef0123456789abcdef01234567");  // legacy, no prefix
  std::string text =
      "auth 0123456789abcdef0123456789abcdef01234567 failed; also "
      "ghs_16C7e42F292c6912E7710c838347Ae178B4a and "
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnop seen; ghs_docs stays";
  std::string s = t.Scrub(text);
  EXPECT_EQ(s.find("0123456789abcdef0123"), std::string::npos) << s;
  EXPECT_EQ(s.find("ghs_16C7"), std::string::npos) << s;
  EXPECT_EQ(s.find("github_pat_11"), std::string::npos) << s;
  EXPECT_NE(s.find("ghs_docs stays"), std::string::npos) << s;
  EXPECT_NE(s.find("auth [REDACTED] failed"), std::string::npos) << s;
}

TEST(TokenTest, MoveLeavesNoSecretBehind) {
  Token a("ghp_SECRETSECRETSECRETSECRETSECRET123456");
  Token b(std::move(a));
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): intended
  EXPECT_EQ(a.kind(), TokenKind::kNone);
  EXPECT_EQ(b.kind(), TokenKind::kClassicPat);
  EXPECT_NE(a.CachePartition(), b.CachePartition());
}

}  // namespace
}  // namespace sg::github
