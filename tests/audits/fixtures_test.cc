// Runs every fixture under tests/fixtures/audits/<rule>/ through the real
// engine. Fixtures say what they expect inline: a `# expect: rule[,rule]`
// (or `// expect:` inside JavaScript) comment on each line where a finding of
// that rule must start; a file without expect markers must produce no finding
// of its directory's rule. A golden `<name>.out` beside each fixture pins the
// rendered plain output (regenerate with STEPGUARD_UPDATE_GOLDEN=1).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "audit/engine.h"
#include "audit/registry.h"
#include "base/file.h"
#include "model/repo.h"
#include "policy/policy.h"
#include "report/render.h"

namespace sg::audit {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures =
    fs::path(STEPGUARD_SOURCE_DIR) / "tests/fixtures/audits";
const fs::path kDocs = fs::path(STEPGUARD_SOURCE_DIR) / "docs/rules";

struct Fixture {
  std::string rule;
  fs::path path;
  std::string display;  // relative to kFixtures
};

std::vector<Fixture> AllFixtures() {
  std::vector<Fixture> out;
  if (!fs::is_directory(kFixtures)) return out;
  for (const auto& e : fs::recursive_directory_iterator(kFixtures)) {
    if (!e.is_regular_file()) continue;
    auto ext = e.path().extension();
    if (ext != ".yml" && ext != ".yaml") continue;
    fs::path rel = fs::relative(e.path(), kFixtures);
    out.push_back({rel.begin()->string(), e.path(), rel.generic_string()});
  }
  std::sort(out.begin(), out.end(), [](const Fixture& a, const Fixture& b) {
    return a.display < b.display;
  });
  return out;
}

// line -> rules expected to start a finding on that line
std::map<int, std::set<std::string>> Expectations(const std::string& text) {
  static const std::regex kExpect(R"((#|//)\s*expect:\s*([a-z0-9, -]+))");
  std::map<int, std::set<std::string>> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::smatch m;
    if (!std::regex_search(line, m, kExpect)) continue;
    std::stringstream ids(m[2].str());
    std::string id;
    while (std::getline(ids, id, ',')) {
      id.erase(0, id.find_first_not_of(' '));
      id.erase(id.find_last_not_of(' ') + 1);
      if (!id.empty()) out[n].insert(id);
    }
  }
  return out;
}

class Sources : public report::SourceProvider {
 public:
  explicit Sources(const model::Repository& repo) : repo_(repo) {}
  std::string_view Line(const std::string& path, int line) const override {
    for (const auto& f : repo_.files())
      if (f->path == path && f->doc) return f->doc->LineText(line);
    return {};
  }
  SourcePos PosAt(const std::string& path, size_t offset) const override {
    for (const auto& f : repo_.files())
      if (f->path == path && f->doc) return f->doc->PosAt(offset);
    return {};
  }

 private:
  const model::Repository& repo_;
};

class FixtureTest : public ::testing::TestWithParam<Fixture> {};

TEST_P(FixtureTest, MatchesInlineExpectationsAndGolden) {
  const Fixture& fx = GetParam();
  auto text = ReadFile(fx.path.string());
  ASSERT_TRUE(text.ok());
  model::Repository repo;
  Diagnostics diags;
  repo.AddFile(fx.display, *text, &diags);
  for (const auto& d : diags.items()) ADD_FAILURE() << d.ToString();
  // A `# persona: auditor` (or pedantic) line runs the fixture under that
  // persona, for audits the regular persona does not show.
  EngineOptions options;
  static const std::regex kPersona(
      R"(#\s*persona:\s*(regular|pedantic|auditor))");
  if (std::smatch pm; std::regex_search(*text, pm, kPersona))
    options.persona = ParsePersona(pm[1].str());
  // A sibling `<name>.policy` file replaces the embedded default policy.
  policy::Policy policy = policy::DefaultPolicy();
  fs::path policy_path = fx.path;
  policy_path.replace_extension(".policy");
  if (fs::exists(policy_path)) {
    auto policy_text = ReadFile(policy_path.string());
    ASSERT_TRUE(policy_text.ok());
    Diagnostics pd;
    auto parsed = policy::ParsePolicy(policy_path.string(), *policy_text, &pd);
    ASSERT_TRUE(parsed.ok()) << policy_path;
    policy = std::move(parsed).value();
  }
  FindingSet findings = RunAudits(repo, policy, AllAudits(), options);

  auto expected = Expectations(*text);
  std::map<int, std::set<std::string>> actual;
  for (const Finding& f : findings.findings()) {
    if (f.suppressed() || !f.location) continue;
    // Only the rules a fixture talks about are held to its markers; its
    // directory's rule always is.
    actual[f.location->span.begin.line].insert(f.rule);
  }
  std::set<std::string> checked = {fx.rule};
  for (const auto& [line, rules] : expected)
    checked.insert(rules.begin(), rules.end());
  for (const std::string& rule : checked) {
    std::set<int> want, got;
    for (const auto& [line, rules] : expected)
      if (rules.count(rule)) want.insert(line);
    for (const auto& [line, rules] : actual)
      if (rules.count(rule)) got.insert(line);
    EXPECT_EQ(want, got) << fx.display << ": lines with " << rule
                         << " findings";
  }

  report::RunInfo run;
  run.command = "lint";
  run.files = 1;
  Sources sources(repo);
  run.sources = &sources;
  run.tool_version = "test";
  std::string rendered = report::RenderPlain(findings, run);
  fs::path golden = fx.path;
  golden.replace_extension(".out");
  if (std::getenv("STEPGUARD_UPDATE_GOLDEN")) {
    std::ofstream(golden) << rendered;
    return;
  }
  auto want = ReadFile(golden.string());
  ASSERT_TRUE(want.ok())
      << "missing golden " << golden
      << " (run with STEPGUARD_UPDATE_GOLDEN=1 to create it)";
  EXPECT_EQ(rendered, *want) << fx.display;
}

INSTANTIATE_TEST_SUITE_P(Audits, FixtureTest,
                         ::testing::ValuesIn(AllFixtures()),
                         [](const ::testing::TestParamInfo<Fixture>& info) {
                           std::string name = info.param.display;
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           return name;
                         });

// The checklist from STYLE.md: every registered audit has a vulnerable
// fixture, a safe fixture and a doc, so the catalogue cannot drift.
TEST(AuditChecklistTest, EveryAuditHasFixturesAndDocs) {
  auto fixtures = AllFixtures();
  for (const auto& a : AllAudits()) {
    const std::string& id = a->info().id;
    bool vulnerable = false, safe = false;
    for (const auto& fx : fixtures) {
      if (fx.rule != id) continue;
      auto text = ReadFile(fx.path.string());
      ASSERT_TRUE(text.ok());
      bool expects_rule = false;
      for (const auto& [line, rules] : Expectations(*text))
        expects_rule |= rules.count(id) > 0;
      (expects_rule ? vulnerable : safe) = true;
    }
    EXPECT_TRUE(vulnerable)
        << id << ": no fixture with `# expect: " << id << "`";
    EXPECT_TRUE(safe) << id
                      << ": no fixture showing the safe form (no findings)";
    EXPECT_TRUE(fs::is_regular_file(kDocs / (id + ".md")))
        << id << ": docs/rules/" << id << ".md missing";
  }
}

}  // namespace
}  // namespace sg::audit
