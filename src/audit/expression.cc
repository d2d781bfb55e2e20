#include "audit/expression.h"

#include <cctype>
#include <optional>
#include <regex>

#include "base/strings.h"
#include "model/expr/check.h"
#include "model/expr/embedded.h"
#include "model/expr/parser.h"

namespace sg::audit {

const RuleInfo& Expression::info() const {
  static const RuleInfo kInfo{"expression", Severity::kMedium,
                              "invalid `${{ }}` expression or `if:` condition"};
  return kInfo;
}

namespace {

using Contexts = std::optional<std::vector<std::string>>;
using Functions = std::optional<std::vector<std::string>>;

// Context availability by place. Source: GitHub Docs "Contexts reference",
// section "Context availability" (the table of workflow keys and the
// contexts and special functions each allows).
struct Place {
  Contexts contexts;
  Functions functions;
};

const std::vector<std::string> kNoFunctions = {};
const std::vector<std::string> kStatusFunctions = {"always", "cancelled",
                                                   "success", "failure"};
const std::vector<std::string> kStepFunctions = {"hashFiles"};
const std::vector<std::string> kStepIfFunctions = {
    "always", "cancelled", "success", "failure", "hashFiles"};

// The place of a normalised route in a workflow ("jobs.build.steps[2].with.x").
Place WorkflowPlace(const std::string& route) {
  // Routes look like "jobs.<id>.steps[<n>].<key...>" or "jobs.<id>.<key>...";
  // parsed by hand (this runs for every expression in every file).
  std::string step_key, job_key;
  bool is_step = false, is_job = false;
  if (route.rfind("jobs.", 0) == 0) {
    const size_t id_end = route.find('.', 5);
    if (id_end != std::string::npos && id_end > 5) {
      const std::string rest = route.substr(id_end + 1);
      if (rest.rfind("steps[", 0) == 0) {
        const size_t close = rest.find(']');
        bool digits = close != std::string::npos && close > 6;
        for (size_t i = 6; digits && i < close; ++i)
          digits = std::isdigit(static_cast<unsigned char>(rest[i])) != 0;
        if (digits && close + 1 < rest.size() && rest[close + 1] == '.') {
          is_step = true;
          step_key = rest.substr(close + 2);
        }
      }
      if (!is_step) {
        const size_t key_end = rest.find_first_of(".[");
        job_key = rest.substr(0, key_end);
        is_job = !job_key.empty();
      }
    }
  }
  const std::vector<std::string> step_all = {
      "github", "needs", "strategy", "matrix", "job",   "runner",
      "env",    "vars",  "secrets",  "steps",  "inputs"};
  if (is_step) {
    const std::string& key = step_key;
    if (key == "if")
      return {std::vector<std::string>{"github", "needs", "strategy", "matrix",
                                       "job", "runner", "env", "vars", "steps",
                                       "inputs"},
              kStepIfFunctions};
    return {step_all, kStepFunctions};
  }
  if (is_job) {
    const std::string& key = job_key;
    if (key == "if")
      return {std::vector<std::string>{"github", "needs", "vars", "inputs"},
              kStatusFunctions};
    if (key == "environment" && route.size() > 4 &&
        route.compare(route.size() - 4, 4, ".url") == 0)
      return {std::vector<std::string>{"github", "needs", "strategy", "matrix",
                                       "job", "runner", "env", "vars", "steps",
                                       "inputs"},
              kNoFunctions};
    if (key == "runs-on" || key == "environment" || key == "concurrency" ||
        key == "timeout-minutes" || key == "continue-on-error")
      return {std::vector<std::string>{"github", "needs", "strategy", "matrix",
                                       "vars", "inputs"},
              kNoFunctions};
    if (key == "env")
      return {std::vector<std::string>{"github", "needs", "strategy", "matrix",
                                       "vars", "secrets", "inputs"},
              kNoFunctions};
    if (key == "strategy")
      return {std::vector<std::string>{"github", "needs", "vars", "inputs"},
              kNoFunctions};
    if (key == "outputs" || key == "container" || key == "services" ||
        key == "defaults")
      return {std::nullopt, kNoFunctions};
    if (key == "with" || key == "secrets")
      return {std::vector<std::string>{"github", "needs", "strategy", "matrix",
                                       "vars", "secrets", "inputs"},
              kNoFunctions};
    return {std::nullopt, kNoFunctions};
  }
  if (StartsWith(route, "run-name"))
    return {std::vector<std::string>{"github", "inputs", "vars"}, kNoFunctions};
  if (StartsWith(route, "env"))
    return {std::vector<std::string>{"github", "secrets", "inputs", "vars"},
            kNoFunctions};
  if (StartsWith(route, "concurrency"))
    return {std::vector<std::string>{"github", "inputs", "vars"}, kNoFunctions};
  return {std::nullopt, kNoFunctions};
}

// Composite action steps: like workflow steps, without needs/strategy/
// matrix/secrets... GitHub allows github, env, vars, runner, steps, inputs,
// job, strategy, matrix there.
Place ActionPlace(const std::string& route) {
  if (StartsWith(route, "runs.steps[") && route.size() > 3 &&
      route.compare(route.size() - 3, 3, ".if") == 0)
    return {std::nullopt, kStepIfFunctions};
  if (StartsWith(route, "runs.steps[")) return {std::nullopt, kStepFunctions};
  return {std::nullopt, kNoFunctions};
}

bool IsIfRoute(const std::string& route) {
  return route == "if" ||
         (route.size() > 3 && route.compare(route.size() - 3, 3, ".if") == 0);
}

class Walker {
 public:
  Walker(AuditContext& ctx, const RuleInfo& rule, bool action)
      : ctx_(ctx), rule_(rule), action_(action) {}

  void Walk(const yaml::Node* n, const std::string& route) {
    if (!n) return;
    if (n->IsMap()) {
      for (const auto& [k, v] : n->entries) {
        if (!k || !k->IsScalar()) continue;
        Walk(v, route.empty() ? k->value : route + "." + k->value);
      }
    } else if (n->IsSequence()) {
      for (size_t i = 0; i < n->items.size(); ++i)
        Walk(n->items[i], route + "[" + std::to_string(i) + "]");
    } else if (n->IsScalar()) {
      Scalar(n, route);
    }
  }

 private:
  void Scalar(const yaml::Node* n, const std::string& route) {
    const std::string& text = n->value;
    const Place place = action_ ? ActionPlace(route) : WorkflowPlace(route);
    expr::CheckOptions opts;
    opts.allowed_contexts = place.contexts;
    opts.allowed_functions = place.functions;
    const bool is_if = IsIfRoute(route) && !StartsWith(route, "on.") &&
                       route.find(".with.") == std::string::npos;
    std::string_view trimmed = Trim(text);
    if (is_if && trimmed.find("${{") == std::string_view::npos) {
      // A bare condition: the whole value is the expression.
      if (trimmed.empty()) return;
      const size_t off = static_cast<size_t>(trimmed.data() - text.data());
      Check(n, route, trimmed, off, opts);
      return;
    }
    if (text.find("${{") == std::string::npos) return;
    std::vector<expr::Diagnostic> errors;
    auto embedded = expr::ExtractEmbedded(text, &errors);
    for (const expr::Diagnostic& d : errors) Report(n, route, d, 0, text);
    for (const expr::Embedded& e : embedded)
      Check(n, route, e.Inner(text), e.inner_offset, opts);
  }

  void Check(const yaml::Node* n, const std::string& route,
             std::string_view expr, size_t base,
             const expr::CheckOptions& opts) {
    for (const expr::Diagnostic& d : expr::CheckExpression(expr, opts))
      Report(n, route, d, base, std::string(expr));
  }

  void Report(const yaml::Node* n, const std::string& route,
              const expr::Diagnostic& d, size_t base,
              const std::string& expr_text) {
    if (d.severity != expr::DiagSeverity::kError) return;
    const size_t b = base + d.offset;
    const size_t e = b + std::max<size_t>(d.length, 1);
    ctx_.Report(
        ctx_.New(rule_)
            .Confidence(Confidence::kHigh)
            .Message(d.message + " (" +
                     std::string(expr::DiagCodeName(d.code)) + ")")
            .At(ctx_.AtValue(n, b, std::min(e, n->value.size()), route))
            .Remediation(
                "Fix the expression; see GitHub's expressions and contexts "
                "reference.")
            .Snippet(std::string(expr::DiagCodeName(d.code)) + ":" + expr_text)
            .Build());
  }

  AuditContext& ctx_;
  const RuleInfo& rule_;
  bool action_;
};

}  // namespace

void Expression::CheckWorkflow(const model::Workflow&, AuditContext& ctx) {
  Walker(ctx, info(), false).Walk(ctx.doc().root(), "");
}

void Expression::CheckAction(const model::Action&, AuditContext& ctx) {
  Walker(ctx, info(), true).Walk(ctx.doc().root(), "");
}

}  // namespace sg::audit
