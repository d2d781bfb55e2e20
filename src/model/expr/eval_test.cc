#include "model/expr/eval.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/expr/parser.h"

namespace sg::expr {
namespace {

constexpr const char* kContexts = R"({
  "github": {
    "event_name": "pull_request",
    "ref": "refs/heads/main",
    "event": {
      "issue": {"title": "Bug: crash", "number": 7, "labels": [
        {"name": "bug", "id": 1}, {"name": "help wanted", "id": 2}]},
      "commits": [{"message": "one", "author": {"name": "a"}},
                  {"message": "two", "author": {"name": "b"}},
                  {"author": {"name": "c"}}],
      "matrix2": [[1, 2], [3]]
    }
  },
  "env": {"EMPTY": "", "NUM": "42", "JSON": "{\"k\": [1, 2]}"},
  "matrix": {"os": ["ubuntu-latest", "windows-latest"], "node": 18},
  "steps": {"my-step": {"outputs": {"x": "hello", "n": "3"}}},
  "inputs": {"flag": true, "count": 0}
})";

MapEvalContext MakeContext() {
  Result<Value> v = ParseJson(kContexts);
  EXPECT_TRUE(v.ok());
  return MapEvalContext(*v);
}

// Renders the result as "<kind>:<toJSON>" or "error:<message>".
std::string EvalToString(std::string_view text, const EvalContext& ctx) {
  ParseResult p = Parse(text);
  if (!p.ok()) return "parse-error:" + p.error->message;
  Result<Value> v = Evaluate(*p.root, ctx);
  if (!v.ok()) return "error:" + v.status().message();
  std::string json = v->ToJson();
  // Keep expectations one-line.
  std::string flat;
  for (char c : json) {
    if (c == '\n') continue;
    if (c == ' ' && !flat.empty() && flat.back() == ' ') continue;
    flat += c;
  }
  return std::string(Value::KindName(v->kind())) + ":" + flat;
}

struct Case {
  const char* expr;
  const char* want;
};

class EvalTest : public ::testing::TestWithParam<Case> {};

TEST_P(EvalTest, Evaluates) {
  MapEvalContext ctx = MakeContext();
  EXPECT_EQ(EvalToString(GetParam().expr, ctx), GetParam().want)
      << GetParam().expr;
}

INSTANTIATE_TEST_SUITE_P(
    Literals, EvalTest,
    ::testing::Values(Case{"null", "null:null"}, Case{"true", "boolean:true"},
                      Case{"711", "number:711"}, Case{"-9.2", "number:-9.2"},
                      Case{"0xff", "number:255"},
                      Case{"-2.99e-2", "number:-0.0299"},
                      Case{"'It''s open source!'",
                           "string:\"It's open source!\""}));

INSTANTIATE_TEST_SUITE_P(
    Operators, EvalTest,
    ::testing::Values(
        // && and || return operand values and short-circuit.
        Case{"'' || 'x'", "string:\"x\""}, Case{"'a' || 'x'", "string:\"a\""},
        Case{"'a' && 'x'", "string:\"x\""}, Case{"0 && 'x'", "number:0"},
        Case{"null || 0 || ''", "string:\"\""},
        Case{"false && 0 || null", "null:null"},
        Case{"1 || 2 && 3", "number:1"}, Case{"(1 || 2) && 3", "number:3"},
        Case{"false && unknownctx", "boolean:false"},
        Case{"true || unknownctx", "boolean:true"}, Case{"!0", "boolean:true"},
        Case{"!'x'", "boolean:false"}, Case{"!2 < 3", "boolean:true"},
        Case{"!(2 < 3)", "boolean:false"}, Case{"3 < 2 < 1", "boolean:true"},
        Case{"2 == 2 == 1", "boolean:true"},
        Case{"2 <= 3 == true", "boolean:true"}, Case{"1 == 1 && 2", "number:2"},
        Case{"'a' == ('a' && 'b')", "boolean:false"},
        // Loose equality and case-insensitive strings.
        Case{"'ABC' == 'abc'", "boolean:true"},
        Case{"github.event_name == 'PULL_REQUEST'", "boolean:true"},
        Case{"env.NUM == 42", "boolean:true"},
        Case{"env.NUM > 5", "boolean:true"},  // numeric, not lexical
        Case{"'42' > '5'", "boolean:false"},  // both strings: lexical
        Case{"null == false", "boolean:true"}, Case{"'' == 0", "boolean:true"},
        Case{"'' == null", "boolean:true"},
        Case{"true == 'true'", "boolean:false"},
        Case{"NaN == NaN", "boolean:false"}, Case{"NaN != NaN", "boolean:true"},
        Case{"1 <= 1", "boolean:true"}, Case{"1 >= 2", "boolean:false"},
        Case{"'b' >= 'A'", "boolean:true"},
        Case{"github.event == github.event", "boolean:true"},
        Case{"github.event == fromJSON('{}')", "boolean:false"},
        Case{"matrix.os < matrix.os", "boolean:false"},
        Case{"matrix.os >= matrix.os", "boolean:true"}));

INSTANTIATE_TEST_SUITE_P(
    Access, EvalTest,
    ::testing::Values(
        Case{"github.event.issue.title", "string:\"Bug: crash\""},
        Case{"GITHUB.Event.ISSUE.title", "string:\"Bug: crash\""},
        Case{"github.event['issue']['number']", "number:7"},
        Case{"github.event.missing.deeper", "null:null"},
        Case{"steps.my-step.outputs.x", "string:\"hello\""},
        Case{"matrix.os[1]", "string:\"windows-latest\""},
        Case{"matrix.os[1.7]", "string:\"windows-latest\""},
        Case{"matrix.os['1']", "string:\"windows-latest\""},
        Case{"matrix.os[2]", "null:null"}, Case{"matrix.os[-1]", "null:null"},
        Case{"matrix.os[steps.my-step.outputs.n]", "null:null"},
        Case{"matrix.os[inputs.count]", "string:\"ubuntu-latest\""},
        Case{"matrix.node.x", "null:null"},
        Case{"github.event.issue.labels.*.name",
             "array:[ \"bug\", \"help wanted\"]"},
        Case{"github.event.issue.labels[*].id", "array:[ 1, 2]"},
        Case{"github.event.commits.*.message", "array:[ \"one\", \"two\"]"},
        Case{"github.event.commits.*.author.name",
             "array:[ \"a\", \"b\", \"c\"]"},
        Case{"github.event.matrix2.*[0]", "array:[ 1, 3]"},
        Case{"github.event.matrix2.*.*", "array:[ 1, 2, 3]"},
        Case{"matrix.*",
             "array:[ [ \"ubuntu-latest\", \"windows-latest\" ], 18]"},
        Case{"matrix.node.*", "array:[]"},
        Case{"fromJSON(env.JSON).k[1]", "number:2"},
        Case{"(github.event.issue).number", "number:7"}));

INSTANTIATE_TEST_SUITE_P(
    Functions, EvalTest,
    ::testing::Values(
        Case{"contains('Hello world', 'WORLD')", "boolean:true"},
        Case{"contains('abc', 'd')", "boolean:false"},
        Case{"contains(github.event.issue.labels.*.name, 'BUG')",
             "boolean:true"},
        Case{"contains(matrix.os, 'mac')", "boolean:false"},
        Case{"contains(fromJSON('[1, 2]'), '2')", "boolean:true"},
        Case{"contains('123', 2)", "boolean:true"},
        Case{"contains('abc', matrix.os)", "boolean:false"},
        Case{"contains(github.event, 'issue')", "boolean:false"},
        Case{"contains('true', true)", "boolean:true"},
        Case{"startsWith('Hello', 'he')", "boolean:true"},
        Case{"startsWith(github.ref, 'refs/tags/')", "boolean:false"},
        Case{"startsWith(matrix.os, 'u')", "boolean:false"},
        Case{"endsWith('Hello', 'LLO')", "boolean:true"},
        Case{"endsWith(12, 2)", "boolean:true"},
        Case{"format('Hello {0} {1} {2}', 'Mona', 'the', 'Octocat')",
             "string:\"Hello Mona the Octocat\""},
        Case{"format('{{Hello {0} {1} {2}!}}', 'Mona', 'the', 'Octocat')",
             "string:\"{Hello Mona the Octocat!}\""},
        Case{"format('{0}{0}', 1.5)", "string:\"1.51.5\""},
        Case{"format('{0} {1} {2}', null, true, matrix)",
             "string:\" true Object\""},
        Case{"format('{{0}}', 'x')", "string:\"{0}\""},
        Case{"format('}}{{', 'x')", "string:\"}{\""},
        Case{"format('{0:yyyy}', 'x')", "string:\"x\""},
        Case{"format(null)", "string:\"\""},
        Case{"format('{0}')",
             "error:format(): the format string references more arguments "
             "than were supplied"},
        Case{"format('{0', 1)", "error:format(): invalid format string"},
        Case{"format('0}', 1)", "error:format(): invalid format string"},
        Case{"format('{x}', 1)", "error:format(): invalid format string"},
        Case{"join(matrix.os)", "string:\"ubuntu-latest,windows-latest\""},
        Case{"join(matrix.os, ' | ')",
             "string:\"ubuntu-latest | windows-latest\""},
        Case{"join('abc', '-')", "string:\"abc\""},
        Case{"join(github.event.issue.labels.*.id, '')", "string:\"12\""},
        Case{"join(github.event)", "string:\"\""},
        Case{"join(matrix.os, matrix)",
             "string:\"ubuntu-latest,windows-latest\""},
        Case{"toJSON(matrix.os)",
             "string:\"[\\n \\\"ubuntu-latest\\\",\\n "
             "\\\"windows-latest\\\"\\n]\""},
        Case{"toJSON('a')", "string:\"\\\"a\\\"\""},
        Case{"toJSON(null)", "string:\"null\""},
        Case{"fromJSON('[1, \"a\", {\"b\": null}]')",
             "array:[ 1, \"a\", { \"b\": null }]"},
        Case{"fromJSON(steps.my-step.outputs.n) == 3", "boolean:true"},
        Case{"fromJSON(' true ')", "boolean:true"},
        Case{"fromJSON('')", "error:fromJSON(): empty input"},
        Case{"FromJson('1')", "number:1"}, Case{"TOJSON(1)", "string:\"1\""},
        Case{"case(true, 'first', 'default')", "string:\"first\""},
        Case{"case(false, 'first', 'default')", "string:\"default\""},
        Case{"case(false, 1, true, 2, 3)", "number:2"},
        Case{"case(github.ref == 'refs/heads/main', 'main', "
             "github.event_name == 'pull_request', 'pr', 'other')",
             "string:\"main\""},
        Case{"case(true, 'x', unknownctx)", "string:\"x\""},  // lazy
        Case{"case('yes', 1, 2)",
             "error:case() predicate must evaluate to a boolean value"},
        Case{"case(1, 1, 2)",
             "error:case() predicate must evaluate to a boolean value"},
        Case{"case(null, 1, 2)",
             "error:case() predicate must evaluate to a boolean value"},
        Case{"case(true, 1)", "error:wrong number of arguments to case()"},
        Case{"case(true, 1, false, 2)",
             "error:case() needs an odd number of arguments"},
        Case{"nosuch(1)", "error:unknown function 'nosuch'"},
        Case{"contains('a')", "error:wrong number of arguments to contains()"},
        Case{"nope.x", "error:unknown context 'nope'"}));

TEST(EvalHooksTest, StatusFunctionsUseTheJobStatus) {
  MapEvalContext ctx = MakeContext();
  EXPECT_EQ(EvalToString("success()", ctx), "boolean:true");
  EXPECT_EQ(EvalToString("failure()", ctx), "boolean:false");
  EXPECT_EQ(EvalToString("always()", ctx), "boolean:true");
  EXPECT_EQ(EvalToString("cancelled()", ctx), "boolean:false");
  ctx.SetJobStatus("failure");
  EXPECT_EQ(EvalToString("success()", ctx), "boolean:false");
  EXPECT_EQ(EvalToString("failure() && 'ran'", ctx), "string:\"ran\"");
  ctx.SetJobStatus("cancelled");
  EXPECT_EQ(EvalToString("cancelled()", ctx), "boolean:true");
}

TEST(EvalHooksTest, HashFilesCallsTheHook) {
  MapEvalContext ctx = MakeContext();
  EXPECT_EQ(EvalToString("hashFiles('**/go.sum')", ctx),
            "error:hashFiles() is not available here");
  std::vector<std::string> seen;
  ctx.SetHashFiles(
      [&](const std::vector<std::string>& patterns) -> Result<std::string> {
        seen = patterns;
        return std::string("abc123");
      });
  EXPECT_EQ(
      EvalToString("format('key-{0}', hashFiles('**/go.sum', 'x.lock'))", ctx),
      "string:\"key-abc123\"");
  EXPECT_EQ(seen, (std::vector<std::string>{"**/go.sum", "x.lock"}));
}

class PlainContext : public EvalContext {
 public:
  std::optional<Value> LookupContext(std::string_view) const override {
    return std::nullopt;
  }
};

TEST(EvalHooksTest, DefaultHooksAreUnavailable) {
  PlainContext ctx;
  ParseResult p = Parse("success()");
  ASSERT_TRUE(p.ok());
  Result<Value> v = Evaluate(*p.root, ctx);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kUnavailable);
}

TEST(EvalTest, ErrorsNeverQuoteContextValues) {
  MapEvalContext ctx;
  ctx.Set("secrets",
          Value::MakeObject({{"TOKEN", Value::String("{ghp_supersecret")}}));
  for (const char* e : {"format(secrets.TOKEN, 1)", "fromJSON(secrets.TOKEN)",
                        "case(secrets.TOKEN, 1, 2)"}) {
    ParseResult p = Parse(e);
    ASSERT_TRUE(p.ok());
    Result<Value> v = Evaluate(*p.root, ctx);
    ASSERT_FALSE(v.ok()) << e;
    EXPECT_EQ(v.status().message().find("supersecret"), std::string::npos)
        << v.status().message();
  }
}

struct FoldCase {
  const char* expr;
  const char* want;  // toJSON of the folded value, or nullptr: no fold
};

class FoldTest : public ::testing::TestWithParam<FoldCase> {};

TEST_P(FoldTest, Folds) {
  ParseResult p = Parse(GetParam().expr);
  ASSERT_TRUE(p.ok()) << p.error->message;
  std::optional<Value> v = FoldConstant(*p.root);
  if (GetParam().want == nullptr) {
    EXPECT_FALSE(v.has_value()) << GetParam().expr << " -> " << v->ToJson();
  } else {
    ASSERT_TRUE(v.has_value()) << GetParam().expr;
    EXPECT_EQ(v->ToJson(), GetParam().want) << GetParam().expr;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Constants, FoldTest,
    ::testing::Values(
        FoldCase{"1 == 1", "true"}, FoldCase{"'a' || github.x", "\"a\""},
        FoldCase{"true || github.x", "true"},
        FoldCase{"false && github.x", "false"},
        FoldCase{"github.x || true", nullptr},
        FoldCase{"github.x && false", nullptr},
        FoldCase{"'' || github.x", nullptr},
        FoldCase{"format('{0}-{1}', 1, 'b')", "\"1-b\""},
        FoldCase{"fromJSON('[1]')[0]", "1"},
        FoldCase{"toJSON(fromJSON('{}'))", "\"{}\""},
        FoldCase{"contains('abc', 'B')", "true"},
        FoldCase{"case(true, 'x', github.y)", "\"x\""},
        FoldCase{"case(github.y, 'x', 'z')", nullptr},
        FoldCase{"success()", nullptr}, FoldCase{"always() || true", nullptr},
        FoldCase{"hashFiles('x')", nullptr},
        FoldCase{"format('{1}', 1)", nullptr},  // would fail at run time
        FoldCase{"fromJSON('nope')", nullptr}, FoldCase{"!github.x", nullptr},
        FoldCase{"github", nullptr}));

}  // namespace
}  // namespace sg::expr
