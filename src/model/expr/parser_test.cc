#include "model/expr/parser.h"

#include <gtest/gtest.h>

namespace sg::expr {
namespace {

std::string P(std::string_view text) {
  ParseResult r = Parse(text);
  if (!r.ok())
    return "ERROR@" + std::to_string(r.error->offset) + ": " + r.error->message;
  return DebugString(*r.root);
}

struct Case {
  const char* text;
  const char* tree;
};

class ParseTreeTest : public ::testing::TestWithParam<Case> {};

TEST_P(ParseTreeTest, Builds) {
  EXPECT_EQ(P(GetParam().text), GetParam().tree) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Trees, ParseTreeTest,
    ::testing::Values(
        // Literals.
        Case{"null", "null"}, Case{"true", "true"}, Case{"-9.2", "-9.2"},
        Case{"0xff", "255"}, Case{"'It''s'", "'It''s'"},
        // Context access.
        Case{"github.event.pull_request.head.ref",
             "github.event.pull_request.head.ref"},
        Case{"steps.my-step.outputs.x", "steps.my-step.outputs.x"},
        Case{"github.event['issue'].title", "github.event['issue'].title"},
        Case{"matrix.os[0]", "matrix.os[0]"},
        Case{"github.event.commits.*.message",
             "github.event.commits.*.message"},
        Case{"github.event.commits[*].message",
             "github.event.commits.*.message"},
        Case{"needs[matrix.job].result", "needs[matrix.job].result"},
        // Precedence: [] . > ! > < <= > >= > == != > && > ||.
        Case{"!a.b", "(! a.b)"}, Case{"(!a).b", "(! a).b"},
        Case{"!a == b", "(== (! a) b)"}, Case{"!(a == b)", "(! (== a b))"},
        Case{"a < b == c > d", "(== (< a b) (> c d))"},
        Case{"3 < 2 < 1", "(< (< 3 2) 1)"},
        Case{"2 == 2 != 0", "(!= (== 2 2) 0)"},
        Case{"a == b && c != d", "(&& (== a b) (!= c d))"},
        Case{"a || b && c", "(|| a (&& b c))"},
        Case{"a && b || c && d", "(|| (&& a b) (&& c d))"},
        Case{"(a || b) && c", "(&& (|| a b) c)"},
        Case{"a || b || c || d", "(|| a b c d)"},
        Case{"a && b && c", "(&& a b c)"}, Case{"!!a", "(! (! a))"},
        Case{"a[b || c]", "a[(|| b c)]"},
        // Calls.
        Case{"success()", "(call success)"},
        Case{"contains(github.event.issue.labels.*.name, 'bug')",
             "(call contains github.event.issue.labels.*.name 'bug')"},
        Case{"fromJSON(steps.x.outputs.y).z[0]",
             "(call fromJSON steps.x.outputs.y).z[0]"},
        Case{"format('{0}', a)['k']", "(call format '{0}' a)['k']"},
        Case{"CONTAINS(a, b)", "(call CONTAINS a b)"},
        Case{"case(a == 'x', 1, 2)", "(call case (== a 'x') 1 2)"},
        Case{"  github.actor  ", "github.actor"},
        Case{"a\n&&\tb", "(&& a b)"}));

struct ErrorCase {
  const char* text;
  size_t offset;
  const char* needle;
};

class ParseErrorTest : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ParseErrorTest, Fails) {
  ParseResult r = Parse(GetParam().text);
  ASSERT_FALSE(r.ok()) << GetParam().text;
  EXPECT_EQ(r.error->offset, GetParam().offset) << r.error->message;
  EXPECT_NE(r.error->message.find(GetParam().needle), std::string::npos)
      << r.error->message;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, ParseErrorTest,
    ::testing::Values(ErrorCase{"", 0, "empty"}, ErrorCase{"   ", 0, "empty"},
                      ErrorCase{"a ==", 4, "end of expression"},
                      ErrorCase{"(a", 2, "expected ')'"},
                      ErrorCase{"a)", 1, "expected end"},
                      ErrorCase{"a b", 2, "identifier 'b'"},
                      ErrorCase{"f(a,)", 4, "an operand"},
                      ErrorCase{"f(a b)", 4, "',' or ')'"},
                      ErrorCase{"a.", 2, "property name"},
                      ErrorCase{"a.(b)", 2, "property name"},
                      ErrorCase{"a[]", 2, "index expression"},
                      ErrorCase{"a[0", 3, "']'"},
                      ErrorCase{"'x'.length", 3, "invalid number"},
                      ErrorCase{"'x'[0]", 3, "expected end"},
                      ErrorCase{"&& a", 0, "an operand"},
                      ErrorCase{"a == == b", 5, "an operand"},
                      ErrorCase{"*", 0, "an operand"}));

TEST(ParserTest, NodeSpansAreExact) {
  std::string_view text = "  (github.event['x'] || fromJSON(env.A).b) && !c ";
  ParseResult r = Parse(text);
  ASSERT_TRUE(r.ok());
  const Node& andn = *r.root;
  ASSERT_EQ(andn.kind, NodeKind::kAnd);
  EXPECT_EQ(andn.Source(text),
            "(github.event['x'] || fromJSON(env.A).b) && !c");
  const Node& orn = andn.child(0);
  EXPECT_EQ(orn.Source(text), "github.event['x'] || fromJSON(env.A).b");
  EXPECT_EQ(orn.child(0).Source(text), "github.event['x']");
  EXPECT_EQ(orn.child(0).child(1).Source(text), "'x'");
  EXPECT_EQ(orn.child(1).Source(text), "fromJSON(env.A).b");
  EXPECT_EQ(orn.child(1).child(0).Source(text), "fromJSON(env.A)");
  EXPECT_EQ(orn.child(1).child(0).child(0).Source(text), "env.A");
  EXPECT_EQ(orn.child(1).child(0).child(0).child(0).Source(text), "env");
  EXPECT_EQ(andn.child(1).Source(text), "!c");

  // A parenthesised base is part of the access's span.
  text = "(a || b).c[*]";
  r = Parse(text);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.root->kind, NodeKind::kFilter);
  EXPECT_EQ(r.root->Source(text), "(a || b).c[*]");
  EXPECT_EQ(r.root->child(0).Source(text), "(a || b).c");
  EXPECT_EQ(r.root->child(0).child(0).Source(text), "a || b");
}

TEST(ParserTest, DeepParenthesesFailCleanly) {
  std::string text(100000, '(');
  text += "a";
  text += std::string(100000, ')');
  ParseResult r = Parse(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, DiagCode::kTooDeep);
}

TEST(ParserTest, DeepNotChainFailsCleanly) {
  std::string text(100000, '!');
  text += "a";
  ParseResult r = Parse(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, DiagCode::kTooDeep);
}

TEST(ParserTest, LongLeftNestedChainsAreBounded) {
  // These build left-nested trees in loops; the height limit keeps every
  // later recursive walk (and the destructor) safe.
  std::string cmp = "1";
  for (int i = 0; i < 100000; ++i) cmp += " == 1";
  ParseResult r = Parse(cmp);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, DiagCode::kTooDeep);

  std::string access = "a";
  for (int i = 0; i < 100000; ++i) access += ".b";
  r = Parse(access);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, DiagCode::kTooDeep);

  std::string calls;
  for (int i = 0; i < 100000; ++i) calls += "f(";
  calls += "1";
  for (int i = 0; i < 100000; ++i) calls += ")";
  r = Parse(calls);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->code, DiagCode::kTooDeep);
}

TEST(ParserTest, ModerateNestingWithinLimitParses) {
  std::string text(60, '(');
  text += "a";
  text += std::string(60, ')');
  EXPECT_TRUE(Parse(text).ok());
  ParseOptions tight;
  tight.max_depth = 10;
  EXPECT_FALSE(Parse(text, tight).ok());
}

TEST(ParserTest, HugeFlatExpressionParses) {
  // 100k-operand || chain: one n-ary node, height 3.
  std::string text = "github.event.issue.title";
  for (int i = 0; i < 100000; ++i) {
    text += " || contains(github.event.issue.body, 'x')";
  }
  ParseResult r = Parse(text);
  ASSERT_TRUE(r.ok()) << r.error->message;
  EXPECT_EQ(r.root->kind, NodeKind::kOr);
  EXPECT_EQ(r.root->children.size(), 100001u);
}

}  // namespace
}  // namespace sg::expr
