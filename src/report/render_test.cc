#include "report/render.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sg::report {
namespace {

class FakeSources : public SourceProvider {
 public:
  std::string_view Line(const std::string&, int line) const override {
    return line == 3 ? std::string_view(kLine) : std::string_view();
  }
  SourcePos PosAt(const std::string&, size_t offset) const override {
    return {3, static_cast<int>(offset - 100) + 1, offset};
  }
  static constexpr const char* kLine =
      "      - run: echo \"${{ github.event.issue.title }}\"";
};

FindingSet Sample() {
  FindingSet set;
  Location loc;
  loc.path = ".github/workflows/ci.yml";
  loc.span.begin = {3, 24, 123};
  loc.span.length = 24;
  loc.route = "jobs.a.steps[0].run";
  set.Add(FindingBuilder("template-injection", Area::kWorkflow)
              .Severity(Severity::kHigh)
              .Confidence(Confidence::kHigh)
              .Message("title, with: 100% risk\nsecond line")
              .At(loc)
              .Remediation("use env")
              .Snippet("x")
              .Build());
  Finding sup = FindingBuilder("unpinned-uses", Area::kWorkflow)
                    .Severity(Severity::kMedium)
                    .Message("m")
                    .At(loc)
                    .Build();
  sup.suppression = {SuppressionKind::kInline, "reviewed"};
  set.Add(sup);
  set.AddNotAssessed(
      {"repo-branch-protection", "token lacks administration:read", ""});
  return set;
}

RunInfo Info(const FakeSources* src) {
  RunInfo run;
  run.tool_version = "0.1.0";
  run.command = "lint";
  run.files = 1;
  run.sources = src;
  return run;
}

TEST(RenderTest, JsonHasDesignFieldNames) {
  FakeSources src;
  auto j = nlohmann::json::parse(RenderJson(Sample(), Info(&src)));
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["tool"]["name"], "stepguard");
  EXPECT_EQ(j["verdict"], "fail");
  ASSERT_EQ(j["findings"].size(), 2u);
  const auto& f = j["findings"][0];
  for (const char* key : {"rule", "area", "severity", "confidence", "message",
                          "location", "related", "fingerprint", "suppressed"})
    EXPECT_TRUE(f.contains(key)) << key;
  EXPECT_EQ(f["location"]["line"], 3);
  EXPECT_EQ(f["location"]["column"], 24);
  EXPECT_TRUE(f["suppressed"].is_null());
  EXPECT_EQ(j["findings"][1]["suppressed"]["kind"], "inline");
  EXPECT_EQ(j["not_assessed"][0]["check"], "repo-branch-protection");
  EXPECT_EQ(j["stats"]["findings"], 1);
}

TEST(RenderTest, VerdictFollowsFailOn) {
  FakeSources src;
  RunInfo run = Info(&src);
  run.fail_on = std::nullopt;
  EXPECT_EQ(Verdict(Sample(), run), "pass");
  run.fail_on = Severity::kHigh;
  EXPECT_EQ(Verdict(Sample(), run), "fail");
}

TEST(RenderTest, PlainShowsSourceAndCaret) {
  FakeSources src;
  std::string out = RenderPlain(Sample(), Info(&src));
  EXPECT_NE(out.find(".github/workflows/ci.yml:3:24: high: title"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("3 |       - run: echo"), std::string::npos) << out;
  EXPECT_NE(out.find("  | " + std::string(23, ' ') + "^" +
                     std::string(23, '~') + "\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("1 finding (1 high), 1 suppressed, 1 not assessed"),
            std::string::npos)
      << out;
  EXPECT_EQ(out.find("\033["), std::string::npos);  // no colour unless asked
}

TEST(RenderTest, GithubEscapesWorkflowCommandData) {
  FakeSources src;
  std::string out = RenderGithub(Sample(), Info(&src));
  EXPECT_NE(
      out.find(
          "::error "
          "file=.github/workflows/ci.yml,line=3,col=24,endLine=3,endColumn=48,"
          "title=template-injection (high)::title, with: 100%25 risk%0Asecond "
          "line\n"),
      std::string::npos)
      << out;
  // The suppressed finding is not annotated.
  EXPECT_EQ(out.find("unpinned-uses"), std::string::npos);
}

TEST(RenderTest, SarifShape) {
  FakeSources src;
  auto j = nlohmann::json::parse(RenderSarif(Sample(), Info(&src)));
  EXPECT_EQ(j["version"], "2.1.0");
  const auto& run = j["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "stepguard");
  ASSERT_EQ(run["results"].size(), 2u);
  const auto& r = run["results"][0];
  EXPECT_EQ(r["level"], "error");
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startColumn"], 24);
  EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["endColumn"], 48);
  EXPECT_EQ(run["results"][1]["suppressions"][0]["kind"], "inSource");
  EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<int>()]["id"],
            "template-injection");
}

TEST(RenderTest, MarkdownTableEscapesPipes) {
  FakeSources src;
  FindingSet set;
  set.Add(FindingBuilder("r", Area::kRunner)
              .Subject("runner")
              .Message("a | b")
              .Build());
  std::string out = RenderMarkdown(set, Info(&src));
  EXPECT_NE(out.find("a \\| b"), std::string::npos) << out;
}

TEST(RenderTest, EveryFormatRedactsSecrets) {
  FakeSources src;
  const std::string secret = "ghp_plantedSecretValue1234567890abcdef";
  FindingSet set;
  set.Add(FindingBuilder("token-x", Area::kToken)
              .Subject("token " + secret)
              .Message("found " + secret)
              .Remediation(secret)
              .Build());
  RunInfo run = Info(&src);
  run.secrets = {secret};
  for (Format f : {Format::kPlain, Format::kJson, Format::kSarif,
                   Format::kGithub, Format::kMarkdown}) {
    std::string out = Render(f, set, run);
    EXPECT_EQ(out.find(secret), std::string::npos);
    EXPECT_NE(out.find("***"), std::string::npos);
  }
}

}  // namespace
}  // namespace sg::report
