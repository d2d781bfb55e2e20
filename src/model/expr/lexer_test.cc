#include "model/expr/lexer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace sg::expr {
namespace {

using K = TokenKind;

std::vector<K> Kinds(const LexResult& r) {
  std::vector<K> out;
  for (const Token& t : r.tokens) out.push_back(t.kind);
  return out;
}

TEST(LexerTest, OperatorsAndPunctuation) {
  // A '.' that does not follow an identifier, ')', ']' or '*' starts a
  // number (`.5`), so a lone one after ',' is an invalid number.
  LexResult r = Lex("( ) [ ] , . *");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->offset, 10u);
  EXPECT_EQ(
      Kinds(Lex("()[],*!!===<<=>>=&&||")),
      (std::vector<K>{K::kLParen, K::kRParen, K::kLBracket, K::kRBracket,
                      K::kComma, K::kStar, K::kNot, K::kNe, K::kEq, K::kLt,
                      K::kLe, K::kGt, K::kGe, K::kAnd, K::kOr, K::kEnd}));
}

TEST(LexerTest, OffsetsAndLengthsAreExact) {
  std::string_view text = "  github.event['x'] <= 10 ";
  LexResult r = Lex(text);
  ASSERT_TRUE(r.ok());
  struct Want {
    K kind;
    size_t offset;
    size_t length;
  };
  std::vector<Want> want = {
      {K::kIdent, 2, 6},     {K::kDot, 8, 1},     {K::kIdent, 9, 5},
      {K::kLBracket, 14, 1}, {K::kString, 15, 3}, {K::kRBracket, 18, 1},
      {K::kLe, 20, 2},       {K::kNumber, 23, 2}, {K::kEnd, 26, 0}};
  ASSERT_EQ(r.tokens.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(r.tokens[i].kind, want[i].kind) << i;
    EXPECT_EQ(r.tokens[i].offset, want[i].offset) << i;
    EXPECT_EQ(r.tokens[i].length, want[i].length) << i;
  }
}

struct NumberCase {
  const char* text;
  double value;
};

class LexNumberTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(LexNumberTest, ParsesValue) {
  const NumberCase& c = GetParam();
  LexResult r = Lex(c.text);
  ASSERT_TRUE(r.ok()) << c.text << ": " << r.error->message;
  ASSERT_EQ(r.tokens.size(), 2u) << c.text;
  EXPECT_EQ(r.tokens[0].kind, K::kNumber);
  if (std::isnan(c.value)) {
    EXPECT_TRUE(std::isnan(r.tokens[0].number));
  } else {
    EXPECT_DOUBLE_EQ(r.tokens[0].number, c.value) << c.text;
  }
  EXPECT_EQ(r.tokens[0].length, std::string_view(c.text).size());
}

INSTANTIATE_TEST_SUITE_P(
    Numbers, LexNumberTest,
    ::testing::Values(
        NumberCase{"711", 711}, NumberCase{"-9.2", -9.2},
        NumberCase{"0xff", 255}, NumberCase{"0xFF", 255}, NumberCase{"0o10", 8},
        NumberCase{"0b101", 5}, NumberCase{"1e3", 1000},
        NumberCase{"-2.99e-2", -0.0299}, NumberCase{"1.2E+2", 120},
        NumberCase{".5", 0.5}, NumberCase{"-.5", -0.5}, NumberCase{"+3", 3},
        NumberCase{"5.", 5}, NumberCase{"0", 0},
        NumberCase{"NaN", std::nan("")}, NumberCase{"Infinity", HUGE_VAL},
        NumberCase{"-Infinity", -HUGE_VAL}, NumberCase{"1e400", HUGE_VAL}));

TEST(LexerTest, StringsWithEscapedQuotes) {
  LexResult r = Lex("'It''s open source!'");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.tokens[0].kind, K::kString);
  EXPECT_EQ(r.tokens[0].text, "It's open source!");
  EXPECT_EQ(r.tokens[0].length, 20u);

  r = Lex("''''");  // a string holding one quote
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.tokens[0].text, "'");
  r = Lex("''");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.tokens[0].text, "");
  r = Lex("'}} ${{ x'");  // delimiters inside a string are plain text
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.tokens[0].text, "}} ${{ x");
}

TEST(LexerTest, IdentifiersWithDashesAndKeywordsAfterDot) {
  LexResult r = Lex("steps.my-step.outputs.true.null");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Kinds(r),
            (std::vector<K>{K::kIdent, K::kDot, K::kIdent, K::kDot, K::kIdent,
                            K::kDot, K::kIdent, K::kDot, K::kIdent, K::kEnd}));
  EXPECT_EQ(r.tokens[2].text, "my-step");
  EXPECT_EQ(r.tokens[6].text, "true");

  EXPECT_EQ(Kinds(Lex("true false null")),
            (std::vector<K>{K::kTrue, K::kFalse, K::kNull, K::kEnd}));
  // Keywords are case-sensitive: `True` is an (unknown) identifier.
  EXPECT_EQ(Lex("True").tokens[0].kind, K::kIdent);
}

TEST(LexerTest, DotAfterParenBracketStarIsPropertyOperator) {
  EXPECT_EQ(Kinds(Lex("(a).b")),
            (std::vector<K>{K::kLParen, K::kIdent, K::kRParen, K::kDot,
                            K::kIdent, K::kEnd}));
  EXPECT_EQ(Kinds(Lex("a[0].b")),
            (std::vector<K>{K::kIdent, K::kLBracket, K::kNumber, K::kRBracket,
                            K::kDot, K::kIdent, K::kEnd}));
  EXPECT_EQ(Kinds(Lex("a.*.b")), (std::vector<K>{K::kIdent, K::kDot, K::kStar,
                                                 K::kDot, K::kIdent, K::kEnd}));
}

struct ErrorCase {
  const char* text;
  size_t offset;
  const char* needle;  // substring of the message
};

class LexErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(LexErrorTest, ReportsOffset) {
  const ErrorCase& c = GetParam();
  LexResult r = Lex(c.text);
  ASSERT_FALSE(r.ok()) << c.text;
  EXPECT_EQ(r.error->code, DiagCode::kSyntax);
  EXPECT_EQ(r.error->offset, c.offset) << c.text;
  EXPECT_NE(r.error->message.find(c.needle), std::string::npos)
      << c.text << ": " << r.error->message;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, LexErrorTest,
    ::testing::Values(ErrorCase{"'abc", 0, "unterminated"},
                      ErrorCase{"a == 'it''s", 5, "unterminated"},
                      ErrorCase{"a = b", 2, "'=='"},
                      ErrorCase{"a & b", 2, "'&&'"},
                      ErrorCase{"a | b", 2, "'||'"},
                      ErrorCase{"\"double\"", 0, "single quotes"},
                      ErrorCase{"1.2.3", 0, "invalid number"},
                      ErrorCase{"0xZZ", 0, "invalid number"},
                      ErrorCase{"- 1", 0, "invalid number"},
                      ErrorCase{"-0x10", 0, "invalid number"},
                      ErrorCase{"github.ev$nt", 9, "unexpected symbol"},
                      ErrorCase{"a.b@c", 3, "unexpected symbol"},
                      ErrorCase{"x == \xC3\xA9", 5, "unexpected symbol"}));

TEST(LexerTest, HugeInputIsLinear) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "a.b || ";
  text += "'x'";
  LexResult r = Lex(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.tokens.size(), 200000u * 4 + 2);
}

}  // namespace
}  // namespace sg::expr
