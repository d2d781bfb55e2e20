// Fuzzes the expression library on text a workflow author controls:
// ExtractEmbedded over the input as a template, and for the input itself and
// each `${{ }}` found: Parse, Check, FoldConstant, Evaluate (against a small
// in-memory context), the taint walks and DebugString.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "model/expr/expr.h"

namespace {

void Exercise(std::string_view text, const sg::expr::EvalContext& ctx) {
  sg::expr::ParseResult r = sg::expr::Parse(text);
  if (r.ok() == r.error.has_value()) abort();
  if (!r.ok()) return;
  const sg::expr::Node& root = *r.root;
  (void)sg::expr::Check(root, {}, text);
  (void)sg::expr::CallsStatusFunction(root);
  (void)sg::expr::FoldConstant(root);
  (void)sg::expr::Evaluate(root, ctx);
  (void)sg::expr::FlowingContexts(root);
  (void)sg::expr::AllContexts(root);
  (void)sg::expr::DebugString(root);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const sg::expr::MapEvalContext* ctx = [] {
    auto json = sg::expr::ParseJson(
        R"({"event":{"pull_request":{"title":"t","labels":[{"name":"a"},)"
        R"({"name":"b"}],"number":7}},"ref":"refs/heads/main",)"
        R"("actor":"dependabot[bot]"})");
    auto* c = new sg::expr::MapEvalContext();
    if (json.ok()) c->Set("github", *json);
    c->Set("env", sg::expr::Value::MakeObject({}));
    return c;
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Exercise(text, *ctx);
  std::vector<sg::expr::Diagnostic> errors;
  for (const sg::expr::Embedded& e : sg::expr::ExtractEmbedded(text, &errors)) {
    if (e.inner_offset + e.inner_length > text.size()) abort();
    Exercise(e.Inner(text), *ctx);
  }
  return 0;
}
