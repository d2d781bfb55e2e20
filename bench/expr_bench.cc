// Throughput of the expression library on workflow-like input: extraction of
// `${{ }}` from run scripts, parse + check + taint of typical expressions,
// evaluation, and one very large expression (linear-time check).
// Usage: expr_bench [iterations-scale]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "model/expr/expr.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> kExprs = {
      "github.event.pull_request.head.ref",
      "github.event_name == 'push' && startsWith(github.ref, 'refs/tags/')",
      "contains(github.event.pull_request.labels.*.name, 'safe to test')",
      "format('{0}-{1}-{2}', runner.os, matrix.node, "
      "hashFiles('**/package-lock.json'))",
      "steps.meta.outputs.tags || 'latest'",
      "github.event.issue.title",
      "fromJSON(needs.setup.outputs.matrix).include[0].os",
      "always() && (needs.build.result == 'success' || needs.build.result == "
      "'skipped')",
      "secrets.NPM_TOKEN",
      "case(github.event_name == 'push', 'p', github.event_name == "
      "'pull_request', 'pr', 'other')",
      "toJSON(github.event)",
      "github.event.comment.author_association == 'OWNER' || "
      "github.event.comment.author_association == 'MEMBER'",
  };
  return kExprs;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sg::expr;
  int scale = argc > 1 ? std::atoi(argv[1]) : 1;
  if (scale < 1) scale = 1;

  // 1. Parse + Check + FlowingContexts over the corpus.
  const int rounds = 20000 * scale;
  size_t bytes = 0, refs = 0, diags = 0;
  auto t0 = Clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& e : Corpus()) {
      ParseResult p = Parse(e);
      if (!p.ok()) return 1;
      diags += Check(*p.root, {}, e).size();
      refs += FlowingContexts(*p.root).size();
      bytes += e.size();
    }
  }
  auto t1 = Clock::now();
  size_t n = rounds * Corpus().size();
  double s = Seconds(t0, t1);
  std::printf(
      "parse+check+taint: %zu expressions in %.3f s = %.0f ns/expr, "
      "%.1f MB/s (refs %zu, diags %zu)\n",
      n, s, s * 1e9 / n, bytes / s / 1e6, refs, diags);

  // 2. Evaluation.
  sg::Result<Value> ctxv = ParseJson(R"({"github": {"event_name": "push",
    "ref": "refs/tags/v1", "event": {"pull_request": {"head": {"ref": "x"},
    "labels": [{"name": "a"}, {"name": "safe to test"}]}}},
    "needs": {"build": {"result": "success"}}})");
  if (!ctxv.ok()) return 1;
  MapEvalContext ctx(*ctxv);
  std::vector<ParseResult> parsed;
  for (const char* e :
       {"github.event_name == 'push' && startsWith(github.ref, 'refs/tags/')",
        "contains(github.event.pull_request.labels.*.name, 'safe to test')",
        "always() && (needs.build.result == 'success' || needs.build.result == "
        "'skipped')",
        "format('{0}/{1}', github.ref, github.event.pull_request.head.ref)"}) {
    parsed.push_back(Parse(e));
  }
  const int eval_rounds = 100000 * scale;
  size_t truthy = 0;
  t0 = Clock::now();
  for (int r = 0; r < eval_rounds; ++r) {
    for (const ParseResult& p : parsed) {
      sg::Result<Value> v = Evaluate(*p.root, ctx);
      if (v.ok() && v->Truthy()) ++truthy;
    }
  }
  t1 = Clock::now();
  n = eval_rounds * parsed.size();
  s = Seconds(t0, t1);
  std::printf(
      "evaluate: %zu evaluations in %.3f s = %.0f ns/eval (truthy %zu)\n", n, s,
      s * 1e9 / n, truthy);

  // 3. Extraction from a large run script.
  std::string script;
  while (script.size() < 8u * 1024 * 1024) {
    script +=
        "echo \"building ${{ matrix.os }} for ${{ "
        "github.event.pull_request.head.ref }}\"\n"
        "if [ -n \"$X\" ]; then echo 'it''s fine' ; fi  # no expression here\n";
  }
  t0 = Clock::now();
  std::vector<Diagnostic> errs;
  size_t found = ExtractEmbedded(script, &errs).size();
  t1 = Clock::now();
  s = Seconds(t0, t1);
  std::printf("extract: %zu expressions from %.1f MiB in %.3f s = %.0f MB/s\n",
              found, script.size() / 1048576.0, s, script.size() / s / 1e6);

  // 4. Linear time on one huge expression (and its deep-nesting rejection).
  for (int k : {50000, 100000, 200000}) {
    std::string big = "github.event.issue.title";
    for (int i = 0; i < k; ++i)
      big += " || contains(github.event.issue.body, 'x')";
    t0 = Clock::now();
    ParseResult p = Parse(big);
    size_t flow = p.ok() ? FlowingContexts(*p.root).size() : 0;
    t1 = Clock::now();
    std::printf(
        "huge: %d operands, %.1f MB, parse+taint %.3f s (%.0f ns/byte, flow "
        "%zu)\n",
        k + 1, big.size() / 1e6, Seconds(t0, t1),
        Seconds(t0, t1) * 1e9 / big.size(), flow);
  }
  std::string deep(1000000, '(');
  t0 = Clock::now();
  ParseResult p = Parse(deep + "a" + std::string(1000000, ')'));
  t1 = Clock::now();
  std::printf("deep: 1e6 nested parens rejected=%d in %.4f s\n", !p.ok(),
              Seconds(t0, t1));
  return 0;
}
