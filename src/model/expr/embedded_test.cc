#include "model/expr/embedded.h"

#include <gtest/gtest.h>

#include "model/expr/parser.h"

namespace sg::expr {
namespace {

std::vector<std::string> Inners(std::string_view text) {
  std::vector<Diagnostic> errors;
  std::vector<std::string> out;
  for (const Embedded& e : ExtractEmbedded(text, &errors)) {
    out.emplace_back(e.Inner(text));
  }
  EXPECT_TRUE(errors.empty()) << text;
  return out;
}

TEST(EmbeddedTest, OffsetsAreExact) {
  std::string_view text = "echo ${{ github.actor }} and${{x}}";
  std::vector<Diagnostic> errors;
  std::vector<Embedded> found = ExtractEmbedded(text, &errors);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(found[0].begin, 5u);
  EXPECT_EQ(found[0].inner_offset, 8u);
  EXPECT_EQ(found[0].inner_length, 14u);
  EXPECT_EQ(found[0].end, 24u);
  EXPECT_EQ(text.substr(found[0].begin, found[0].end - found[0].begin),
            "${{ github.actor }}");
  EXPECT_EQ(found[0].Inner(text), " github.actor ");
  EXPECT_EQ(found[1].begin, 28u);
  EXPECT_EQ(found[1].Inner(text), "x");
  EXPECT_EQ(found[1].end, text.size());
}

TEST(EmbeddedTest, QuotesProtectClosingBraces) {
  EXPECT_EQ(Inners("${{ format('{{0}}', x) }}"),
            (std::vector<std::string>{" format('{{0}}', x) "}));
  EXPECT_EQ(Inners("${{ 'a}}b' }} tail }}"),
            (std::vector<std::string>{" 'a}}b' "}));
  // '' is an escaped quote: the literal continues past it.
  EXPECT_EQ(Inners("${{ 'it''s }}' }}"),
            (std::vector<std::string>{" 'it''s }}' "}));
  EXPECT_EQ(Inners("${{ '' }}${{ '''' }}"),
            (std::vector<std::string>{" '' ", " '''' "}));
  // A quote outside any expression is plain text.
  EXPECT_EQ(Inners("it's ${{ a }} isn't ${{ b }}"),
            (std::vector<std::string>{" a ", " b "}));
}

TEST(EmbeddedTest, NoExpressions) {
  EXPECT_TRUE(Inners("").empty());
  EXPECT_TRUE(Inners("plain $HOME ${X} {{ y }} $ {{ z }}").empty());
  EXPECT_TRUE(Inners("}} ${ {").empty());
}

TEST(EmbeddedTest, AdjacentAndEmpty) {
  EXPECT_EQ(Inners("${{}}${{a}}"), (std::vector<std::string>{"", "a"}));
  EXPECT_EQ(Inners("$${{ a }}}"), (std::vector<std::string>{" a "}));
  // `${{` inside an expression does not start a new one.
  EXPECT_EQ(Inners("${{ a ${{ b }} c }}"),
            (std::vector<std::string>{" a ${{ b "}));
}

TEST(EmbeddedTest, UnterminatedIsADiagnosticAtItsOffset) {
  std::vector<Diagnostic> errors;
  std::string_view text = "ok ${{ a }} then ${{ b } }";
  std::vector<Embedded> found = ExtractEmbedded(text, &errors);
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].code, DiagCode::kUnterminated);
  EXPECT_EQ(errors[0].offset, 17u);

  errors.clear();
  found = ExtractEmbedded("${{ 'open }}", &errors);
  EXPECT_TRUE(found.empty());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].offset, 0u);
  EXPECT_NE(errors[0].message.find("string literal"), std::string::npos);

  // Null error sink is allowed.
  EXPECT_TRUE(ExtractEmbedded("${{", nullptr).empty());
}

TEST(EmbeddedTest, InnerOffsetsComposeWithParseOffsets) {
  std::string_view text = "run: echo \"${{ github.event.issue.title }}\"";
  std::vector<Embedded> found = ExtractEmbedded(text, nullptr);
  ASSERT_EQ(found.size(), 1u);
  ParseResult p = Parse(found[0].Inner(text));
  ASSERT_TRUE(p.ok());
  size_t abs = found[0].inner_offset + p.root->offset;
  EXPECT_EQ(text.substr(abs, p.root->length), "github.event.issue.title");
}

TEST(EmbeddedTest, HugeInputIsLinear) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "x ${{ a }} '";
  std::vector<Diagnostic> errors;
  EXPECT_EQ(ExtractEmbedded(text, &errors).size(), 100000u);
  EXPECT_TRUE(errors.empty());
  // Many unterminated openers: the scan stops at the first one.
  std::string opens;
  for (int i = 0; i < 100000; ++i) opens += "${{ '";
  errors.clear();
  EXPECT_TRUE(ExtractEmbedded(opens, &errors).empty());
  EXPECT_EQ(errors.size(), 1u);
}

}  // namespace
}  // namespace sg::expr
