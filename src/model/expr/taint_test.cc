#include "model/expr/taint.h"

#include <gtest/gtest.h>

#include "model/expr/parser.h"

namespace sg::expr {
namespace {

// "path" per reference ("path~json" when via_json), space-separated.
std::string Render(const std::vector<ContextRef>& refs) {
  std::string out;
  for (const ContextRef& r : refs) {
    if (!out.empty()) out += ' ';
    out += r.path;
    if (r.via_json) out += "~json";
  }
  return out;
}

std::string Flowing(std::string_view text) {
  ParseResult p = Parse(text);
  if (!p.ok()) return "parse-error";
  return Render(FlowingContexts(*p.root));
}

std::string All(std::string_view text) {
  ParseResult p = Parse(text);
  if (!p.ok()) return "parse-error";
  return Render(AllContexts(*p.root));
}

struct Case {
  const char* expr;
  const char* flowing;
  const char* all;
};

class TaintTest : public ::testing::TestWithParam<Case> {};

TEST_P(TaintTest, Refs) {
  EXPECT_EQ(Flowing(GetParam().expr), GetParam().flowing) << GetParam().expr;
  EXPECT_EQ(All(GetParam().expr), GetParam().all) << GetParam().expr;
}

INSTANTIATE_TEST_SUITE_P(
    Table, TaintTest,
    ::testing::Values(
        // Plain references and normalisation.
        Case{"github.event.issue.title", "github.event.issue.title",
             "github.event.issue.title"},
        Case{"GitHub.Event.Issue.TITLE", "github.event.issue.title",
             "github.event.issue.title"},
        Case{"github.event['issue'].title", "github.event.issue.title",
             "github.event.issue.title"},
        Case{"github.event['pull_request']['head']['ref']",
             "github.event.pull_request.head.ref",
             "github.event.pull_request.head.ref"},
        Case{"env['MY VAR']", "env['my var']", "env['my var']"},
        Case{"env['it''s']", "env['it''s']", "env['it''s']"},
        Case{"github.event.commits[0].message",
             "github.event.commits[0].message",
             "github.event.commits[0].message"},
        Case{"github.event.commits[1.9].message",
             "github.event.commits[1].message",
             "github.event.commits[1].message"},
        Case{"github.event.commits[-1].message",
             "github.event.commits[*].message",
             "github.event.commits[*].message"},
        Case{"github.event.commits.*.message", "github.event.commits.*.message",
             "github.event.commits.*.message"},
        Case{"github.event.commits[*].author.name",
             "github.event.commits.*.author.name",
             "github.event.commits.*.author.name"},
        Case{"github.event.commits[matrix.i].message",
             "github.event.commits[*].message",
             "github.event.commits[*].message matrix.i"},
        Case{"steps.my-step.outputs.x", "steps.my-step.outputs.x",
             "steps.my-step.outputs.x"},
        Case{"github", "github", "github"},
        // Logical operators.
        Case{"github.head_ref || 'main'", "github.head_ref", "github.head_ref"},
        Case{"env.A || env.B || env.C", "env.a env.b env.c",
             "env.a env.b env.c"},
        Case{"github.event.issue && github.event.issue.title",
             "github.event.issue.title",
             "github.event.issue github.event.issue.title"},
        Case{"env.A && env.B && env.C", "env.c", "env.a env.b env.c"},
        Case{"github.event_name == 'issues' && github.event.issue.title || "
             "github.head_ref",
             "github.event.issue.title github.head_ref",
             "github.event_name github.event.issue.title github.head_ref"},
        // Boolean results carry nothing.
        Case{"!github.event.issue.title", "", "github.event.issue.title"},
        Case{"github.event.issue.title == 'x'", "", "github.event.issue.title"},
        Case{"contains(github.event.issue.body, 'x')", "",
             "github.event.issue.body"},
        Case{"startsWith(github.head_ref, 'a') || endsWith(env.X, 'b')", "",
             "github.head_ref env.x"},
        Case{"hashFiles(github.event.issue.title)", "",
             "github.event.issue.title"},
        Case{"success() || failure()", "", ""}, Case{"'literal'", "", ""},
        // String-producing functions.
        Case{"format('{0}-{1}', github.head_ref, env.X)",
             "github.head_ref env.x", "github.head_ref env.x"},
        Case{"format('{1}', github.head_ref, env.X)", "env.x",
             "github.head_ref env.x"},
        Case{"format('{{0}}', github.head_ref)", "", "github.head_ref"},
        Case{"format(env.FMT, github.head_ref)", "env.fmt github.head_ref",
             "env.fmt github.head_ref"},
        Case{"join(github.event.commits.*.message, env.SEP)",
             "github.event.commits.*.message env.sep",
             "github.event.commits.*.message env.sep"},
        Case{"toJSON(github.event)", "github.event~json", "github.event"},
        Case{"fromJSON(steps.s.outputs.json)", "steps.s.outputs.json~json",
             "steps.s.outputs.json"},
        Case{"fromJSON(steps.s.outputs.json).title",
             "steps.s.outputs.json~json", "steps.s.outputs.json"},
        Case{"format('{0}', toJSON(github.event.issue))",
             "github.event.issue~json", "github.event.issue"},
        Case{"case(github.event_name == 'push', github.ref, "
             "contains(env.X, 'y'), env.Y, github.head_ref)",
             "github.ref env.y github.head_ref",
             "github.event_name github.ref env.x env.y github.head_ref"},
        Case{"mystery(github.event.issue.title)", "github.event.issue.title",
             "github.event.issue.title"},
        // Accesses on computed values extend the flowing paths.
        Case{"(github.event.pull_request || github.event.issue).title",
             "github.event.pull_request.title github.event.issue.title",
             "github.event.pull_request github.event.issue"},
        Case{"(env.A || fromJSON(env.B)).x[0]", "env.a.x[0] env.b~json",
             "env.a env.b"}));

TEST(TaintTest, SpansPointAtTheWholeChain) {
  std::string_view text = "format('{0}', github.event['issue'].title) || x.y";
  ParseResult p = Parse(text);
  ASSERT_TRUE(p.ok());
  std::vector<ContextRef> refs = FlowingContexts(*p.root);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(text.substr(refs[0].offset, refs[0].length),
            "github.event['issue'].title");
  EXPECT_EQ(refs[0].node->kind, NodeKind::kProperty);
  EXPECT_EQ(text.substr(refs[1].offset, refs[1].length), "x.y");
}

TEST(TaintTest, DuplicatesAreRemovedButRepeatsKept) {
  // The same reference twice in the source is two references.
  EXPECT_EQ(Flowing("env.A || env.A"), "env.a env.a");
  // One source reference reached twice is reported once.
  EXPECT_EQ(Flowing("(env.A).x || (env.A).x"), "env.a.x env.a.x");
}

TEST(TaintTest, HugeExpressionIsLinear) {
  std::string text = "env.A0";
  for (int i = 1; i < 50000; ++i) text += " || env.A" + std::to_string(i);
  ParseResult p = Parse(text);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(FlowingContexts(*p.root).size(), 50000u);
  EXPECT_EQ(AllContexts(*p.root).size(), 50000u);
}

}  // namespace
}  // namespace sg::expr
