#include "model/workflow.h"

#include <gtest/gtest.h>

namespace sg::model {
namespace {

struct Loaded {
  std::unique_ptr<yaml::Document> doc;
  Workflow wf;
  Diagnostics diags;
};

std::unique_ptr<Loaded> Load(const std::string& text) {
  auto l = std::make_unique<Loaded>();
  auto r = yaml::Document::Parse(".github/workflows/t.yml", text, &l->diags);
  EXPECT_TRUE(r.ok());
  l->doc = std::move(r).value();
  l->wf = BuildWorkflow(*l->doc, &l->diags);
  return l;
}

TEST(WorkflowTest, OnAsStringListAndMap) {
  EXPECT_TRUE(Load("on: push\njobs: {}\n")->wf.on.Has("push"));
  auto l = Load("on: [push, pull_request_target]\njobs: {}\n");
  EXPECT_TRUE(l->wf.on.Has("pull_request_target"));
  auto m = Load(
      "on:\n  issues:\n    types: [opened, edited]\n  workflow_call:\n    "
      "inputs:\n"
      "      title: {type: string, required: true}\n  workflow_dispatch:\n");
  ASSERT_TRUE(m->wf.on.Has("issues"));
  EXPECT_EQ(m->wf.on.Find("issues")->types,
            (std::vector<std::string>{"opened", "edited"}));
  ASSERT_EQ(m->wf.on.call_inputs.size(), 1u);
  EXPECT_EQ(m->wf.on.call_inputs[0].name, "title");
  EXPECT_TRUE(m->wf.on.call_inputs[0].required);
  EXPECT_TRUE(m->wf.on.Has("workflow_dispatch"));
}

TEST(WorkflowTest, PermissionsEveryForm) {
  using K = PermissionSet::Kind;
  EXPECT_EQ(
      Load("on: push\npermissions: read-all\njobs: {}\n")->wf.permissions.kind,
      K::kReadAll);
  EXPECT_EQ(
      Load("on: push\npermissions: write-all\njobs: {}\n")->wf.permissions.kind,
      K::kWriteAll);
  EXPECT_EQ(Load("on: push\npermissions: {}\njobs: {}\n")->wf.permissions.kind,
            K::kNone);
  EXPECT_EQ(Load("on: push\njobs: {}\n")->wf.permissions.kind, K::kUnset);
  auto l = Load(
      "on: push\npermissions:\n  contents: read\n  issues: write\n  x: "
      "bogus\njobs: {}\n");
  EXPECT_EQ(l->wf.permissions.kind, K::kExplicit);
  EXPECT_EQ(l->wf.permissions.scopes.at("issues"), "write");
  EXPECT_EQ(l->wf.permissions.scopes.count("x"), 0u);
  ASSERT_EQ(l->diags.items().size(), 1u);
  EXPECT_EQ(l->diags.items()[0].pos.line, 5);
}

TEST(WorkflowTest, JobsStepsAndReusableCalls) {
  auto l = Load(R"(on: push
jobs:
  build:
    runs-on: [self-hosted, linux]
    needs: [a, b]
    container:
      image: node:20
      credentials: {username: u, password: "${{ secrets.P }}"}
    services:
      db: postgres:16
    strategy:
      matrix: {os: [a, b]}
    env: {A: "1"}
    steps:
      - uses: actions/checkout@v4
        with: {persist-credentials: false}
      - id: s
        run: echo hi
        shell: bash
        env: {B: x}
  call:
    uses: ./.github/workflows/r.yml
    with: {x: 1}
    secrets: inherit
)");
  ASSERT_EQ(l->wf.jobs.size(), 2u);
  const Job& b = l->wf.jobs[0];
  EXPECT_EQ(b.id, "build");
  EXPECT_TRUE(b.runs_on->IsSequence());
  EXPECT_EQ(b.needs.size(), 2u);
  ASSERT_TRUE(b.container.has_value());
  EXPECT_EQ(b.container->image.value, "node:20");
  EXPECT_NE(b.container->credentials, nullptr);
  ASSERT_EQ(b.services.size(), 1u);
  EXPECT_EQ(b.services[0].second.image.value, "postgres:16");
  EXPECT_NE(b.matrix, nullptr);
  ASSERT_EQ(b.steps.size(), 2u);
  EXPECT_EQ(b.steps[0].uses.value, "actions/checkout@v4");
  EXPECT_EQ(b.steps[0].With("persist-credentials")->value.value, "false");
  EXPECT_EQ(b.steps[1].run.value, "echo hi");
  EXPECT_EQ(b.steps[1].run.node->span.begin.line, 18);
  EXPECT_EQ(b.steps[1].Env("B")->value.value, "x");
  const Job& c = l->wf.jobs[1];
  EXPECT_TRUE(c.is_reusable_call());
  EXPECT_TRUE(c.secrets_inherit);
  EXPECT_TRUE(l->diags.items().empty());
}

TEST(WorkflowTest, WrongTypesAreDiagnosedNotFatal) {
  auto l = Load(
      "on: push\njobs:\n  a:\n    steps: nope\n  b:\n    steps:\n      - run: "
      "[1]\n");
  EXPECT_EQ(l->wf.jobs.size(), 2u);
  ASSERT_GE(l->diags.items().size(), 2u);
  EXPECT_EQ(l->diags.items()[0].pos.line, 4);
  EXPECT_NE(l->diags.items()[0].message.find("steps must be a sequence"),
            std::string::npos);
}

TEST(WorkflowTest, RunsOnEveryForm) {
  auto l = Load(R"(on:
  workflow_call:
    secrets:
      token: {required: true}
    outputs:
      sha: {value: "${{ jobs.a.outputs.sha }}"}
jobs:
  a: {runs-on: ubuntu-latest, steps: []}
  b: {runs-on: [self-hosted, linux, x64], steps: []}
  c: {runs-on: {group: big, labels: [gpu]}, steps: []}
  d: {runs-on: "${{ matrix.os }}", steps: []}
  e: {runs-on: {labels: ubuntu-latest}, steps: []}
)");
  const auto& j = l->wf.jobs;
  EXPECT_EQ(j[0].runs_on_parsed.labels[0].value, "ubuntu-latest");
  EXPECT_EQ(j[1].runs_on_parsed.labels.size(), 3u);
  EXPECT_EQ(j[2].runs_on_parsed.group.value, "big");
  EXPECT_EQ(j[2].runs_on_parsed.labels[0].value, "gpu");
  EXPECT_TRUE(j[3].runs_on_parsed.expression);
  EXPECT_EQ(j[4].runs_on_parsed.labels.size(), 1u);
  ASSERT_EQ(l->wf.on.call_secrets.size(), 1u);
  EXPECT_TRUE(l->wf.on.call_secrets[0].required);
  ASSERT_EQ(l->wf.on.call_outputs.size(), 1u);
  EXPECT_EQ(l->wf.on.call_outputs[0].value.value, "${{ jobs.a.outputs.sha }}");
  EXPECT_EQ(l->wf.on.call_outputs[0].value.node->span.begin.line, 6);
}

TEST(WorkflowTest, ClassifyByPathAndContent) {
  EXPECT_EQ(ClassifyFile("x/action.yml", nullptr), FileKind::kAction);
  EXPECT_EQ(ClassifyFile(".github/dependabot.yml", nullptr),
            FileKind::kDependabot);
  EXPECT_EQ(ClassifyFile("a/.github/workflows/x.yml", nullptr),
            FileKind::kWorkflow);
  EXPECT_EQ(ClassifyFile("random.yml", nullptr), FileKind::kUnknown);
}

}  // namespace
}  // namespace sg::model
