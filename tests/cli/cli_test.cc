// End-to-end tests of the real binary: exit codes, formats, bad input.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/cli/run_command.h"

namespace sg {
namespace {

namespace fs = std::filesystem;
using testing::RunCommand;
using testing::StepguardBinary;

const fs::path kSource = STEPGUARD_SOURCE_DIR;
const fs::path kExample = kSource / "examples/vulnerable-repo";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/sg-cli-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path Write(const std::string& rel, const std::string& text) {
    fs::create_directories((dir_ / rel).parent_path());
    std::ofstream(dir_ / rel, std::ios::binary) << text;
    return dir_ / rel;
  }
  testing::CommandResult Run(
      std::vector<std::string> args,
      const std::map<std::string, std::string>& env = {}) {
    args.insert(args.begin(), StepguardBinary());
    return RunCommand(args, "", env);
  }
  fs::path dir_;
};

TEST_F(CliTest, VersionAndHelp) {
  auto r = Run({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("stepguard 0."), std::string::npos);
  r = Run({"lint", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--format"), std::string::npos);
  EXPECT_NE(r.out.find("--fail-on"), std::string::npos);
  r = Run({"lint", "--format", "yaml"});
  EXPECT_EQ(r.exit_code, 2);
  r = Run({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CliTest, LintExampleFailsWithExactLocations) {
  auto r = Run({"lint", kExample.string(), "--no-color"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find(".github/workflows/triage.yml:24:24: high: "
                       "`github.event.issue.title`"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("verdict: fail"), std::string::npos);
  r = Run({"lint", kExample.string(), "--fail-on", "none"});
  EXPECT_EQ(r.exit_code, 0);
}

TEST_F(CliTest, CleanRepositoryPasses) {
  Write(".github/workflows/ci.yml",
        "on: push\npermissions: {contents: read}\njobs:\n  t:\n    runs-on: "
        "ubuntu-latest\n"
        "    steps:\n      - uses: "
        "actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11\n"
        "        with: {persist-credentials: false}\n"
        "      - run: make test\n");
  auto r = Run({"lint", dir_.string()});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("0 findings"), std::string::npos);
}

TEST_F(CliTest, JsonOutputFile) {
  fs::path out = dir_ / "report.json";
  auto r = Run({"lint", kExample.string(), "--format", "json", "--output",
                out.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(out);
  auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["verdict"], "fail");
  EXPECT_GT(j["findings"].size(), 5u);
  EXPECT_EQ(j["stats"]["files"], 4);
  bool found = false;
  for (const auto& f : j["findings"]) {
    if (f["rule"] == "template-injection" &&
        f["location"]["path"] == ".github/workflows/triage.yml") {
      EXPECT_EQ(f["location"]["line"], 24);
      EXPECT_EQ(f["location"]["column"], 24);
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(CliTest, SarifValidatesAgainstSchema) {
  fs::path schema =
      kSource.parent_path() / "shared/schemas/sarif-schema-2.1.0.json";
  if (!fs::exists(schema)) GTEST_SKIP() << "no SARIF schema at " << schema;
  if (RunCommand({"/usr/bin/python3", "-c", "import jsonschema"}).exit_code !=
      0)
    GTEST_SKIP() << "python3-jsonschema not installed";
  fs::path out = dir_ / "r.sarif";
  // Include an input error so toolExecutionNotifications is exercised too.
  Write("bad/.github/workflows/bad.yml", "on: [push\n");
  auto r = Run({"lint", kExample.string(), (dir_ / "bad").string(), "--format",
                "sarif", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 2);
  auto v =
      RunCommand({"/usr/bin/python3", "-c",
                  "import json,sys,jsonschema; s=json.load(open(sys.argv[1])); "
                  "d=json.load(open(sys.argv[2])); jsonschema.validate(d, s); "
                  "print(len(d['runs'][0]['results']))",
                  schema.string(), out.string()});
  EXPECT_EQ(v.exit_code, 0) << v.err;
}

TEST_F(CliTest, GithubAnnotations) {
  auto r = Run({"lint", kExample.string(), "--format", "github"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.out.find("::error file=.github/workflows/triage.yml,line=24,col=24,"),
      std::string::npos)
      << r.out;
}

struct BadInput {
  const char* name;
  std::string text;
  const char* message;
};

TEST_F(CliTest, BadInputIsAnErrorWithLocationAndTheRestIsLinted) {
  std::vector<BadInput> cases = {
      {"syntax.yml", "on: push\njobs:\n  a: [1, 2\n", "syntax.yml:"},
      {"utf8.yml", "on: push\nname: \xff\xfe\njobs: {}\n",
       "utf8.yml:2:7: error: invalid UTF-8"},
      {"nul.yml", std::string("on: push\0", 9), "NUL byte"},
      {"deep.yml", std::string(10000, '[') + std::string(10000, ']'),
       "nesting"},
  };
  std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 15; ++i) {
    bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k)
      bomb += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
    bomb += "]\n";
  }
  cases.push_back({"bomb.yml", bomb, "YAML bomb"});
  for (const auto& c : cases)
    Write(std::string("in/.github/workflows/") + c.name, c.text);
  Write("in/.github/workflows/good.yml",
        "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n"
        "      - run: echo ${{ github.event.issue.title }}\n");
  auto r = Run({"lint", (dir_ / "in").string(), "--no-color"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_EQ(r.signal, 0);
  for (const auto& c : cases)
    EXPECT_NE(r.out.find(c.message), std::string::npos) << c.name << "\n"
                                                        << r.out;
  // The good file was still audited.
  EXPECT_NE(r.out.find("good.yml:7:23: high"), std::string::npos) << r.out;
}

TEST_F(CliTest, HugeFileIsRefusedCleanly) {
  std::string big = "on: push\nenv:\n";
  while (big.size() < (5u << 20))
    big += "  K" + std::to_string(big.size()) + ": value\n";
  Write("big/.github/workflows/big.yml", big);
  auto r = Run({"lint", (dir_ / "big").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("larger than the limit"), std::string::npos) << r.out;
}

TEST_F(CliTest, MissingPathIsUsageError) {
  auto r = Run({"lint", (dir_ / "nope").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such file or directory"), std::string::npos);
}

TEST_F(CliTest, BadPolicyIsRefusedWithLineAndColumn) {
  fs::path policy = Write("p.yml", "version: 1\nfail-on: sometimes\n");
  auto r = Run({"lint", kExample.string(), "--policy", policy.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("p.yml:2:10: error: fail-on must be"), std::string::npos)
      << r.err;
  r = Run({"policy", "validate", policy.string()});
  EXPECT_EQ(r.exit_code, 2);
  // The repository's own policy is found automatically.
  Write("repo/.github/stepguard.yml", "version: 1\nfail-on: none\n");
  Write("repo/.github/workflows/x.yml", "on: pull_request_target\njobs: {}\n");
  r = Run({"lint", (dir_ / "repo").string()});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(CliTest, PolicyCommands) {
  auto r = Run({"policy", "init", "-o", "-"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("version: 1"), std::string::npos);
  fs::path p = dir_ / ".github/stepguard.yml";
  r = Run({"policy", "init", "-o", p.string()});
  EXPECT_EQ(r.exit_code, 0);
  r = Run({"policy", "init", "-o", p.string()});
  EXPECT_EQ(r.exit_code, 2);  // refuses to overwrite
  r = Run({"policy", "validate", p.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  r = Run({"policy", "show", "--policy", p.string()});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("forbidden-scopes"), std::string::npos);
  r = Run({"policy", "explain", "template-injection"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("# template-injection"), std::string::npos);
  r = Run({"policy", "explain", "no-such-rule"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(CliTest, DefaultPolicyMatchesTheJsonSchema) {
  if (RunCommand({"/usr/bin/python3", "-c", "import jsonschema, yaml"})
          .exit_code != 0)
    GTEST_SKIP() << "python3-jsonschema / python3-yaml not installed";
  fs::path p = dir_ / "default.yml";
  ASSERT_EQ(Run({"policy", "init", "-o", p.string()}).exit_code, 0);
  fs::path design = Write("design.yml", R"(version: 1
fail-on: high
workflows:
  rules:
    unpinned-uses: {config: {policies: {"actions/*": ref-pin, "*": hash-pin}}}
    template-injection: {severity: high}
  ignore:
    - {rule: dangerous-triggers, path: .github/workflows/label.yml, reason: "labeler only"}
  allowed-actions: ["actions/*", "github/*", "myorg/*"]
token:
  max-permissions: {default: {contents: read}, pull_request_target: {contents: read, pull-requests: write}}
  forbidden-scopes: [admin:org, delete_repo, workflow, write:packages]
  max-lifetime-days: 90
sandbox:
  limits: {timeout: 30m, memory: 4GiB, pids: 1024, output: 64MiB}
)");
  EXPECT_EQ(Run({"policy", "validate", design.string()}).exit_code, 0);
  for (const fs::path& file : {p, design}) {
    auto v = RunCommand(
        {"/usr/bin/python3", "-c",
         "import json,sys,yaml,jsonschema; "
         "jsonschema.validate(yaml.safe_load(open(sys.argv[2])), "
         "json.load(open(sys.argv[1])))",
         (kSource / "docs/policy.schema.json").string(), file.string()});
    EXPECT_EQ(v.exit_code, 0) << file << v.err;
  }
}

TEST_F(CliTest, RulesJson) {
  auto r = Run({"rules", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_TRUE(j.is_array());
  ASSERT_GE(j.size(), 4u);
  std::set<std::string> areas;
  for (const auto& rule : j) {
    for (const char* k : {"id", "area", "severity", "description"})
      EXPECT_TRUE(rule.contains(k));
    const std::string id = rule["id"];
    areas.insert(rule["area"].get<std::string>());
    // Runner rules are documented together in docs/runner.md (its own test
    // checks that); every other rule has its page, which `policy explain`
    // serves from the binary.
    if (rule["area"] == "runner") continue;
    EXPECT_TRUE(fs::is_regular_file(kSource / "docs/rules" / (id + ".md")))
        << id;
    EXPECT_EQ(Run({"policy", "explain", id}).exit_code, 0) << id;
  }
  EXPECT_EQ(areas, (std::set<std::string>{"workflow", "token", "runner"}));
}

TEST_F(CliTest, PlantedSecretNeverAppearsInAnyFormat) {
  const std::string secret = "ghp_S3cr3tPlantedForTest0123456789abcdef";
  // The secret sits in a workflow, so it would be quoted in a finding message.
  Write("s/.github/workflows/s.yml",
        "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n  "
        "    - uses: evil/act@" +
            secret + "\n");
  for (const char* format : {"plain", "json", "sarif", "github", "markdown"}) {
    // --offline: a token in the environment would otherwise enable the
    // online audits, and this test must not reach the real API.
    auto r =
        Run({"lint", (dir_ / "s").string(), "--format", format, "--offline"},
            {{"GITHUB_TOKEN", secret}});
    EXPECT_EQ(r.exit_code, 1) << format;
    EXPECT_EQ(r.out.find(secret), std::string::npos) << format;
    EXPECT_EQ(r.err.find(secret), std::string::npos) << format;
  }
}

// Files are parsed and audited on several threads; the report must be the
// same whatever the thread count (findings, their order, and errors).
TEST_F(CliTest, ThreadCountDoesNotChangeTheReport) {
  const fs::path fixtures = kSource / "tests/fixtures/audits";
  auto lint = [&](const std::string& jobs) {
    fs::path out = dir_ / ("j" + jobs + ".json");
    auto r = Run({"lint", fixtures.string(), "--persona", "auditor", "-j", jobs,
                  "--format", "json", "-o", out.string()});
    EXPECT_EQ(r.signal, 0);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::ifstream in(out);
    return nlohmann::json::parse(in);
  };
  const auto one = lint("1");
  const auto four = lint("4");
  ASSERT_GT(one["stats"]["files"].get<int>(), 100);
  ASSERT_GT(one["findings"].size(), 500u);
  EXPECT_EQ(one["findings"], four["findings"]);
  EXPECT_EQ(one["errors"], four["errors"]);
  EXPECT_EQ(one["stats"]["files"], four["stats"]["files"]);
}

TEST_F(CliTest, CorpusLintsWithoutCrashing) {
  fs::path corpus = kSource.parent_path() / "shared/corpus/workflows";
  if (!fs::is_directory(corpus)) GTEST_SKIP() << "reference corpus not present";
  fs::path out = dir_ / "corpus.json";
  auto r =
      Run({"lint", corpus.string(), "--format", "json", "-o", out.string()});
  EXPECT_EQ(r.signal, 0);
  EXPECT_TRUE(r.exit_code == 1 || r.exit_code == 2) << r.exit_code << r.err;
  std::ifstream in(out);
  auto j = nlohmann::json::parse(in);
  EXPECT_GT(j["stats"]["files"].get<int>(), 500);
  for (const auto& e : j["errors"]) {
    EXPECT_GT(e["line"].get<int>(), 0) << e.dump();
  }
}

}  // namespace
}  // namespace sg
