#include "model/expr/check.h"

#include <gtest/gtest.h>

#include "model/expr/functions.h"

namespace sg::expr {
namespace {

// "code@offset+length" for each diagnostic, space-separated.
std::string Diags(std::string_view text, const CheckOptions& options = {}) {
  std::string out;
  for (const Diagnostic& d : CheckExpression(text, options)) {
    if (!out.empty()) out += ' ';
    out += std::string(DiagCodeName(d.code));
    if (d.severity == DiagSeverity::kWarning) out += "(w)";
    out += "@" + std::to_string(d.offset) + "+" + std::to_string(d.length);
  }
  return out;
}

struct Case {
  const char* expr;
  const char* want;
};

class CheckTest : public ::testing::TestWithParam<Case> {};

TEST_P(CheckTest, Reports) {
  EXPECT_EQ(Diags(GetParam().expr), GetParam().want) << GetParam().expr;
}

INSTANTIATE_TEST_SUITE_P(
    Table, CheckTest,
    ::testing::Values(
        // Clean expressions using every context and function.
        Case{"github.event_name == 'push' && env.X || vars.Y", ""},
        Case{"job.status && jobs.x.result && steps.s.outputs.o && runner.os",
             ""},
        Case{"secrets.T && strategy.fail-fast && matrix.os && needs.a.result "
             "&& inputs.i",
             ""},
        Case{"contains(a.b, 'x')", "unknown-context@9+1"},
        Case{"startsWith(github.ref, 'refs/') && endsWith(github.ref, 'x')",
             ""},
        Case{"format('{0}', github.actor) && join(matrix.os, ',') && "
             "toJSON(github) && fromJSON('{}') && hashFiles('a', 'b')",
             ""},
        Case{"success() || always() || cancelled() || failure()", ""},
        Case{"case(github.ref == 'x', 1, 2)", ""},
        Case{"STARTSWITH(github.ref, 'x') && ToJson(github)", ""},
        Case{"GitHub.actor", ""},
        // Unknown names.
        Case{"foo.bar", "unknown-context@0+3"},
        Case{"github.x || gihtub.y", "unknown-context@12+6"},
        Case{"bogus(github.x)", "unknown-function@0+5"},
        Case{"success", "unknown-context@0+7"},
        // Arity.
        Case{"contains('a')", "arity@0+8"},
        Case{"contains('a', 'b', 'c')", "arity@0+8"},
        Case{"join()", "arity@0+4"},
        Case{"join(a.b, ',', 'x')", "arity@0+4 unknown-context@5+1"},
        Case{"toJSON()", "arity@0+6"}, Case{"hashFiles()", "arity@0+9"},
        Case{"success(1)", "arity@0+7"}, Case{"format()", "arity@0+6"},
        Case{"case(true, 1)", "arity@0+4"},
        Case{"case(true, 1, false, 2)", "arity@0+4"},
        // Literal arguments that always fail.
        Case{"case('x', 1, 2)", "type@5+3"},
        Case{"case(github.x, 1, 0, 2, 3)", "type@18+1"},
        Case{"fromJSON('{')", "type@9+3"}, Case{"fromJSON(' ')", "type@9+3"},
        // format() strings.
        Case{"format('{0}')", "format@7+5"},
        Case{"format('{0} {2}', 1, 2)", "format@7+9"},
        Case{"format('{0', 1)", "format@7+4"},
        Case{"format('}', 1)", "format@7+3"},
        Case{"format('{{0}}', github.actor)", "format(w)@16+12"},
        Case{"format('{1}', 'a', 'b')", "format(w)@14+3"},
        Case{"format(github.actor, 'b')", ""},  // not a literal: unknown
        // Syntax errors come through CheckExpression.
        Case{"a ==", "syntax@4+0"}));

TEST(CheckOptionsTest, RestrictsContexts) {
  CheckOptions opts;
  opts.allowed_contexts =
      std::vector<std::string>{"github", "needs", "vars", "inputs"};
  EXPECT_EQ(Diags("github.x && needs.a && VARS.b", opts), "");
  EXPECT_EQ(Diags("github.x && matrix.os && steps.a", opts),
            "context-not-allowed@12+6 context-not-allowed@25+5");
  EXPECT_EQ(Diags("nope.x", opts), "unknown-context@0+4");
}

TEST(CheckOptionsTest, RestrictsContextDependentFunctions) {
  CheckOptions opts;
  opts.allowed_functions =
      std::vector<std::string>{"always", "success", "failure", "cancelled"};
  EXPECT_EQ(Diags("always() && contains(github.x, 'y')", opts), "");
  EXPECT_EQ(Diags("hashfiles('x')", opts), "function-not-allowed@0+9");
  opts.allowed_functions = std::vector<std::string>{};
  EXPECT_EQ(Diags("success() || format('{0}', 1)", opts),
            "function-not-allowed@0+7");
}

TEST(CheckTest, MessagesAreSpecific) {
  std::vector<Diagnostic> d = CheckExpression("format('{0}{1}', 'a')");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].message,
            "format string references {1} but only 1 argument supplied");
  d = CheckExpression("contains(1)");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].message, "contains() takes 2 arguments, got 1");
  d = CheckExpression("join(1,2,3)");
  EXPECT_EQ(d[0].message, "join() takes 1 to 2 arguments, got 3");
  d = CheckExpression("case(true,1,2,3)");
  EXPECT_NE(d[0].message.find("odd number"), std::string::npos);
  d = CheckExpression("githb.x");
  EXPECT_NE(d[0].message.find("unknown context 'githb'"), std::string::npos);
}

TEST(CheckTest, FunctionNameWithoutParenthesesGetsAHint) {
  std::vector<Diagnostic> d = CheckExpression("always && github.x");
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].message.find("did you mean always()?"), std::string::npos);
}

TEST(CheckTest, CallsStatusFunction) {
  auto calls = [](std::string_view text) {
    ParseResult p = Parse(text);
    EXPECT_TRUE(p.ok()) << text;
    return p.ok() && CallsStatusFunction(*p.root);
  };
  EXPECT_TRUE(calls("always()"));
  EXPECT_TRUE(calls("github.x == 'y' && !Cancelled()"));
  EXPECT_TRUE(calls("format('{0}', failure())"));
  EXPECT_FALSE(calls("github.x == 'success()'"));
  EXPECT_FALSE(calls("contains(github.x, 'y')"));
}

TEST(CheckTest, TooLongExpression) {
  std::string text = "github.actor";
  while (text.size() <= 21000) text += " || github.actor";
  std::vector<Diagnostic> d = CheckExpression(text);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].code, DiagCode::kTooLong);
}

TEST(FunctionsTest, TableHasEveryDocumentedFunction) {
  for (const char* name : {"contains", "startsWith", "endsWith", "format",
                           "join", "toJSON", "fromJSON", "hashFiles", "case",
                           "success", "always", "cancelled", "failure"}) {
    const FunctionInfo* f = FindFunction(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_EQ(f->name, name);
  }
  EXPECT_EQ(FindFunction("HASHFILES")->name, "hashFiles");
  EXPECT_EQ(FindFunction("nope"), nullptr);
  EXPECT_EQ(AllFunctions().size(), 13u);
}

TEST(FunctionsTest, FormatStringSegments) {
  FormatParse p = ParseFormatString("a{{b}}{1}c{0}");
  ASSERT_FALSE(p.error);
  EXPECT_EQ(p.required_args, 2u);
  ASSERT_EQ(p.segments.size(), 4u);
  EXPECT_EQ(p.segments[0].literal, "a{b}");
  EXPECT_TRUE(p.segments[1].is_placeholder);
  EXPECT_EQ(p.segments[1].arg_index, 1u);
  EXPECT_EQ(p.segments[1].offset, 6u);
  EXPECT_EQ(p.segments[1].length, 3u);
  EXPECT_EQ(p.segments[2].literal, "c");
  EXPECT_EQ(p.segments[3].arg_index, 0u);

  for (const char* bad : {"{0", "0}", "{0}}", "{{0}", "}0{", "}{0}", "{0}{",
                          "{}", "{x}", "{ 0}"}) {
    EXPECT_TRUE(ParseFormatString(bad).error.has_value()) << bad;
  }
  for (const char* good : {"", "{{", "}}", "}}{{", "{{{{0}}}}", "{0}{0}"}) {
    EXPECT_FALSE(ParseFormatString(good).error.has_value()) << good;
  }
}

}  // namespace
}  // namespace sg::expr
