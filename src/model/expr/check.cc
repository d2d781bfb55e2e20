#include "model/expr/check.h"

#include "base/strings.h"
#include "model/expr/functions.h"
#include "model/expr/value.h"

namespace sg::expr {

const std::vector<std::string>& KnownContexts() {
  static const std::vector<std::string> kContexts = {
      "github", "env",     "vars",     "job",    "jobs",  "steps",
      "runner", "secrets", "strategy", "matrix", "needs", "inputs"};
  return kContexts;
}

bool IsKnownContext(std::string_view name) {
  for (const std::string& c : KnownContexts()) {
    if (IEquals(c, name)) return true;
  }
  return false;
}

namespace {

bool InSet(const std::vector<std::string>& set, std::string_view name) {
  for (const std::string& s : set) {
    if (IEquals(s, name)) return true;
  }
  return false;
}

class Checker {
 public:
  Checker(const CheckOptions& options, std::vector<Diagnostic>* out)
      : options_(options), out_(out) {}

  void Walk(const Node& n) {
    switch (n.kind) {
      case NodeKind::kVariable:
        CheckVariable(n);
        break;
      case NodeKind::kCall:
        CheckCall(n);
        break;
      default:
        break;
    }
    for (const auto& c : n.children) Walk(*c);
  }

 private:
  void Report(DiagCode code, const Node& n, std::string msg,
              DiagSeverity sev = DiagSeverity::kError) {
    Report(code, n.offset, n.length, std::move(msg), sev);
  }
  void Report(DiagCode code, size_t offset, size_t length, std::string msg,
              DiagSeverity sev = DiagSeverity::kError) {
    Diagnostic d;
    d.code = code;
    d.severity = sev;
    d.offset = offset;
    d.length = length;
    d.message = std::move(msg);
    out_->push_back(std::move(d));
  }

  void CheckVariable(const Node& n) {
    if (!IsKnownContext(n.text)) {
      std::string msg = "unknown context '" + n.text + "'";
      if (const FunctionInfo* f = FindFunction(n.text)) {
        msg += "; did you mean " + std::string(f->name) + "()?";
      } else {
        msg += "; available contexts are " + Join(KnownContexts(), ", ");
      }
      Report(DiagCode::kUnknownContext, n, std::move(msg));
      return;
    }
    if (options_.allowed_contexts &&
        !InSet(*options_.allowed_contexts, n.text)) {
      std::string msg = "context '" + n.text + "' is not available here";
      if (!options_.allowed_contexts->empty()) {
        msg += "; available contexts are " +
               Join(*options_.allowed_contexts, ", ");
      }
      Report(DiagCode::kContextNotAllowed, n, std::move(msg));
    }
  }

  void CheckCall(const Node& n) {
    const FunctionInfo* f = FindFunction(n.text);
    // Report at the function name, which is what the user must fix.
    size_t name_len = n.text.size();
    if (f == nullptr) {
      Report(DiagCode::kUnknownFunction, n.offset, name_len,
             "unknown function '" + n.text + "'");
      return;
    }
    if (f->context_dependent && options_.allowed_functions &&
        !InSet(*options_.allowed_functions, f->name)) {
      Report(DiagCode::kFunctionNotAllowed, n.offset, name_len,
             "function '" + std::string(f->name) + "' is not available here");
    }
    int argc = static_cast<int>(n.children.size());
    if (argc < f->min_args || (f->max_args >= 0 && argc > f->max_args)) {
      std::string want;
      if (f->min_args == f->max_args) {
        want = std::to_string(f->min_args);
      } else if (f->max_args < 0) {
        want = "at least " + std::to_string(f->min_args);
      } else {
        want =
            std::to_string(f->min_args) + " to " + std::to_string(f->max_args);
      }
      Report(DiagCode::kArity, n.offset, name_len,
             std::string(f->name) + "() takes " + want + " argument" +
                 (want == "1" ? "" : "s") + ", got " + std::to_string(argc));
      return;
    }
    switch (f->id) {
      case Function::kCase:
        CheckCase(n);
        break;
      case Function::kFormat:
        CheckFormat(n);
        break;
      case Function::kFromJson:
        CheckFromJson(n);
        break;
      default:
        break;
    }
  }

  void CheckCase(const Node& n) {
    if (n.children.size() % 2 == 0) {
      Report(DiagCode::kArity, n.offset, n.text.size(),
             "case() takes an odd number of arguments (predicate, value "
             "pairs and a default), got " +
                 std::to_string(n.children.size()));
      return;
    }
    for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
      const Node& pred = n.child(i);
      if (pred.IsLiteral() && pred.kind != NodeKind::kBool) {
        Report(DiagCode::kType, pred,
               "case() predicate must evaluate to a boolean; this is a " +
                   std::string(NodeKindName(pred.kind)) + " literal");
      }
    }
  }

  void CheckFormat(const Node& n) {
    const Node& fmt = n.child(0);
    if (fmt.kind != NodeKind::kString) return;
    FormatParse parse = ParseFormatString(fmt.text);
    size_t supplied = n.children.size() - 1;
    if (parse.error) {
      Report(DiagCode::kFormat, fmt, "invalid format string: " + *parse.error);
      return;
    }
    if (parse.required_args > supplied) {
      Report(DiagCode::kFormat, fmt,
             "format string references {" +
                 std::to_string(parse.required_args - 1) + "} but only " +
                 std::to_string(supplied) + " argument" +
                 (supplied == 1 ? "" : "s") + " supplied");
      return;
    }
    std::vector<bool> used(supplied, false);
    for (const FormatSegment& s : parse.segments) {
      if (s.is_placeholder) used[s.arg_index] = true;
    }
    for (size_t i = 0; i < supplied; ++i) {
      if (!used[i]) {
        Report(DiagCode::kFormat, n.child(i + 1),
               "format argument " + std::to_string(i) +
                   " is not referenced by the format string",
               DiagSeverity::kWarning);
      }
    }
  }

  void CheckFromJson(const Node& n) {
    const Node& arg = n.child(0);
    if (arg.kind != NodeKind::kString) return;
    if (Trim(arg.text).empty()) {
      Report(DiagCode::kType, arg, "fromJSON() of an empty string fails");
      return;
    }
    Result<Value> v = ParseJson(arg.text);
    if (!v.ok()) Report(DiagCode::kType, arg, v.status().message());
  }

  const CheckOptions& options_;
  std::vector<Diagnostic>* out_;
};

}  // namespace

std::vector<Diagnostic> Check(const Node& root, const CheckOptions& options,
                              std::string_view expression) {
  std::vector<Diagnostic> out;
  if (expression.size() > options.max_length) {
    Diagnostic d;
    d.code = DiagCode::kTooLong;
    d.offset = 0;
    d.length = expression.size();
    d.message = "expression is " + std::to_string(expression.size()) +
                " bytes; GitHub rejects expressions longer than " +
                std::to_string(options.max_length);
    out.push_back(std::move(d));
  }
  Checker(options, &out).Walk(root);
  return out;
}

bool CallsStatusFunction(const Node& root) {
  if (root.kind == NodeKind::kCall) {
    const FunctionInfo* f = FindFunction(root.text);
    if (f != nullptr &&
        (f->id == Function::kSuccess || f->id == Function::kAlways ||
         f->id == Function::kCancelled || f->id == Function::kFailure)) {
      return true;
    }
  }
  for (const auto& c : root.children) {
    if (CallsStatusFunction(*c)) return true;
  }
  return false;
}

std::vector<Diagnostic> CheckExpression(std::string_view expression,
                                        const CheckOptions& options,
                                        const ParseOptions& parse) {
  ParseResult p = Parse(expression, parse);
  if (!p.ok()) return {*p.error};
  return Check(*p.root, options, expression);
}

std::string_view DiagCodeName(DiagCode code) {
  switch (code) {
    case DiagCode::kSyntax:
      return "syntax";
    case DiagCode::kTooDeep:
      return "too-deep";
    case DiagCode::kUnterminated:
      return "unterminated";
    case DiagCode::kUnknownFunction:
      return "unknown-function";
    case DiagCode::kArity:
      return "arity";
    case DiagCode::kFunctionNotAllowed:
      return "function-not-allowed";
    case DiagCode::kUnknownContext:
      return "unknown-context";
    case DiagCode::kContextNotAllowed:
      return "context-not-allowed";
    case DiagCode::kFormat:
      return "format";
    case DiagCode::kType:
      return "type";
    case DiagCode::kTooLong:
      return "too-long";
  }
  return "?";
}

}  // namespace sg::expr
