#include "model/yaml.h"

#include <gtest/gtest.h>

#include <string>

namespace sg::yaml {
namespace {

std::unique_ptr<Document> MustParse(const std::string& text,
                                    Diagnostics* d = nullptr) {
  Diagnostics local;
  auto r = Document::Parse("t.yml", text, d ? d : &local);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(r).value() : nullptr;
}

// Position of the first occurrence of `needle` in the decoded value.
SourcePos Find(const Document& doc, const Node& n, const std::string& needle) {
  size_t at = n.value.find(needle);
  EXPECT_NE(at, std::string::npos);
  return doc.ValuePos(n, at);
}

TEST(YamlTest, PlainScalarPositions) {
  auto doc =
      MustParse("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n");
  const Node* runs_on = doc->root()->Get("jobs")->Get("build")->Get("runs-on");
  ASSERT_NE(runs_on, nullptr);
  EXPECT_EQ(runs_on->span.begin.line, 4);
  EXPECT_EQ(runs_on->span.begin.column, 14);
  EXPECT_EQ(runs_on->span.length, 13u);
}

TEST(YamlTest, LiteralBlockScalarMapsEveryLine) {
  const std::string text =
      "steps:\n"
      "  - run: |\n"
      "      echo one\n"
      "\n"
      "      if true; then\n"
      "        echo \"${{ github.event.issue.title }}\"\n"
      "      fi\n";
  auto doc = MustParse(text);
  const Node* run = doc->root()->Get("steps")->items[0]->Get("run");
  EXPECT_EQ(run->style, ScalarStyle::kLiteral);
  SourcePos p = Find(*doc, *run, "${{");
  EXPECT_EQ(p.line, 6);
  EXPECT_EQ(p.column, 15);
  EXPECT_EQ(text.substr(p.offset, 3), "${{");
  EXPECT_EQ(Find(*doc, *run, "fi").line, 7);
  EXPECT_EQ(Find(*doc, *run, "fi").column, 7);
}

TEST(YamlTest, FoldedBlockScalar) {
  const std::string text = "x: >-\n  first ${{ a }}\n  second ${{ b }}\n";
  auto doc = MustParse(text);
  const Node* x = doc->root()->Get("x");
  EXPECT_EQ(x->value, "first ${{ a }} second ${{ b }}");
  SourcePos p = Find(*doc, *x, "${{ b");
  EXPECT_EQ(p.line, 3);
  EXPECT_EQ(p.column, 10);
}

TEST(YamlTest, DoubleQuotedEscapesKeepColumns) {
  const std::string text = "x: \"a\\tb\\u00e9 \\\"q\\\" ${{ c }}\"\n";
  auto doc = MustParse(text);
  const Node* x = doc->root()->Get("x");
  SourcePos p = Find(*doc, *x, "${{");
  EXPECT_EQ(text.substr(p.offset, 3), "${{");
  EXPECT_EQ(x->style, ScalarStyle::kDoubleQuoted);
  EXPECT_EQ(x->span.begin.column, 4);
  EXPECT_EQ(text.substr(x->span.begin.offset, x->span.length),
            text.substr(3, text.size() - 4));
}

TEST(YamlTest, SingleQuotedEscapes) {
  const std::string text = "x: 'it''s ${{ c }}'\n";
  auto doc = MustParse(text);
  const Node* x = doc->root()->Get("x");
  EXPECT_EQ(x->value, "it's ${{ c }}");
  EXPECT_EQ(text.substr(Find(*doc, *x, "${{").offset, 3), "${{");
}

TEST(YamlTest, MultiLinePlainScalar) {
  const std::string text = "x: one\n  two ${{ c }}\ny: 1\n";
  auto doc = MustParse(text);
  const Node* x = doc->root()->Get("x");
  EXPECT_EQ(x->value, "one two ${{ c }}");
  SourcePos p = Find(*doc, *x, "${{");
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 7);
}

TEST(YamlTest, AnchoredScalarSpanSkipsProperties) {
  const std::string text = "a: &x \"v\"\nb: *x\n";
  auto doc = MustParse(text);
  EXPECT_EQ(doc->root()->Get("a")->span.begin.column, 7);
  EXPECT_EQ(doc->root()->Get("b"), doc->root()->Get("a"));  // aliases share
}

TEST(YamlTest, BillionLaughsIsRejectedQuickly) {
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k)
      text += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
    text += "]\n";
  }
  Diagnostics d;
  auto r = Document::Parse("bomb.yml", text, &d);
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(d.has_errors());
  EXPECT_NE(d.items()[0].message.find("YAML bomb"), std::string::npos);
  EXPECT_GT(d.items()[0].pos.line, 1);
}

// The expansion limit follows the text's size: a few hundred bytes may not
// expand past 100,000 nodes (this one reaches ~123k), while a large file
// without aliases, whose node count only its size bounds, is never refused.
TEST(YamlTest, ExpansionLimitScalesWithTheTextNotAliasFreeSize) {
  auto levels = [](int n) {
    std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < n; ++i) {
      text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
      for (int k = 0; k < 10; ++k)
        text += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
      text += "]\n";
    }
    return text;
  };
  Diagnostics small;
  EXPECT_TRUE(Document::Parse("ok.yml", levels(4), &small).ok());
  Diagnostics bomb;
  std::string five = levels(5);
  ASSERT_LT(five.size(), 400u);
  EXPECT_FALSE(Document::Parse("bomb.yml", five, &bomb).ok());
  ASSERT_TRUE(bomb.has_errors());
  EXPECT_NE(bomb.items()[0].message.find("YAML bomb"), std::string::npos);
  std::string big;
  for (int i = 0; i < 120000; ++i) big += "- x\n";
  Diagnostics none;
  auto r = Document::Parse("big.yml", big, &none);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->root()->items.size(), 120000u);
}

// Found by fuzz/workflow_lint_fuzz.cc (minimised input): an alias inside
// the map it names made the tree cyclic and the audits recursed forever.
TEST(YamlTest, RecursiveAliasIsAnError) {
  for (const char* text :
       {"&e\ne: *e", "env: &e\n  a: [1, {b: *e}]\n", "- &s [*s]\n"}) {
    Diagnostics d;
    auto r = Document::Parse("cycle.yml", text, &d);
    EXPECT_FALSE(r.ok()) << text;
    ASSERT_FALSE(d.items().empty()) << text;
    EXPECT_NE(d.items()[0].message.find("contains it"), std::string::npos);
  }
  // A later alias to a closed anchor still shares the node.
  auto doc = MustParse("a: &x {k: v}\nb: {c: *x}\n");
  EXPECT_EQ(doc->root()->Get("b")->Get("c"), doc->root()->Get("a"));
}

TEST(YamlTest, DeepNestingIsAnError) {
  std::string text = std::string(5000, '[') + std::string(5000, ']');
  Diagnostics d;
  auto r = Document::Parse("deep.yml", text, &d);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(d.items()[0].message.find("nesting"), std::string::npos);
  EXPECT_EQ(d.items()[0].pos.line, 1);
}

TEST(YamlTest, InvalidUtf8AndNulAreErrorsWithPositions) {
  Diagnostics d;
  EXPECT_FALSE(Document::Parse("u.yml", "a: 1\nb: \xff\n", &d).ok());
  EXPECT_EQ(d.items().back().pos.line, 2);
  EXPECT_EQ(d.items().back().pos.column, 4);
  EXPECT_FALSE(Document::Parse("n.yml", std::string("a: 1\0", 5), &d).ok());
  EXPECT_NE(d.items().back().message.find("NUL"), std::string::npos);
}

TEST(YamlTest, SyntaxErrorHasPosition) {
  Diagnostics d;
  EXPECT_FALSE(Document::Parse("s.yml", "a: [1, 2\nb: c\n", &d).ok());
  ASSERT_TRUE(d.has_errors());
  EXPECT_TRUE(d.items()[0].pos.known());
  EXPECT_NE(d.items()[0].ToString().find("s.yml:"), std::string::npos);
}

TEST(YamlTest, DuplicateKeysWarnAndKeepFirst) {
  Diagnostics d;
  auto doc = MustParse("a: 1\nb: 2\na: 3\n", &d);
  EXPECT_EQ(doc->root()->Get("a")->value, "1");
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].level, Diagnostic::Level::kWarning);
  EXPECT_EQ(d.items()[0].pos.line, 3);
}

TEST(YamlTest, HugeFlatFileIsLinear) {
  std::string text = "env:\n";
  for (int i = 0; i < 100000; ++i) text += "  K" + std::to_string(i) + ": v\n";
  auto doc = MustParse(text);
  EXPECT_EQ(doc->root()->Get("env")->entries.size(), 100000u);
}

TEST(YamlTest, CommentOnLineIgnoresHashInStrings) {
  auto doc = MustParse("a: \"x # y\" # stepguard: ignore[r]\nb: c#d\n");
  EXPECT_EQ(doc->CommentOnLine(1), "# stepguard: ignore[r]");
  EXPECT_EQ(doc->CommentOnLine(2), "");
}

TEST(YamlTest, TypeNames) {
  auto doc = MustParse("a: 1\nb: 'x'\nc: true\nd:\ne: [1]\nf: {}\ng: 0x1F\n");
  EXPECT_EQ(doc->root()->Get("a")->TypeName(), "number");
  EXPECT_EQ(doc->root()->Get("b")->TypeName(), "string");
  EXPECT_EQ(doc->root()->Get("c")->TypeName(), "boolean");
  EXPECT_EQ(doc->root()->Get("d")->TypeName(), "null");
  EXPECT_EQ(doc->root()->Get("e")->TypeName(), "sequence");
  EXPECT_EQ(doc->root()->Get("f")->TypeName(), "mapping");
}

}  // namespace
}  // namespace sg::yaml
