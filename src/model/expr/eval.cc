#include "model/expr/eval.h"

#include <cmath>

#include "base/strings.h"
#include "model/expr/functions.h"

namespace sg::expr {

Result<bool> EvalContext::EvalStatusFunction(StatusFunction) const {
  return Status::Unavailable("status functions are not available here");
}

Result<std::string> EvalContext::HashFiles(
    const std::vector<std::string>&) const {
  return Status::Unavailable("hashFiles() is not available here");
}

MapEvalContext::MapEvalContext(Value contexts) {
  if (!contexts.is_object()) return;
  for (const auto& [k, v] : contexts.object()) contexts_.emplace_back(k, v);
}

void MapEvalContext::Set(std::string name, Value value) {
  for (auto& [k, v] : contexts_) {
    if (IEquals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  contexts_.emplace_back(std::move(name), std::move(value));
}

std::optional<Value> MapEvalContext::LookupContext(
    std::string_view name) const {
  for (const auto& [k, v] : contexts_) {
    if (IEquals(k, name)) return v;
  }
  return std::nullopt;
}

Result<bool> MapEvalContext::EvalStatusFunction(StatusFunction fn) const {
  switch (fn) {
    case StatusFunction::kAlways:
      return true;
    case StatusFunction::kSuccess:
      return job_status_ == "success";
    case StatusFunction::kFailure:
      return job_status_ == "failure";
    case StatusFunction::kCancelled:
      return job_status_ == "cancelled";
  }
  return false;
}

Result<std::string> MapEvalContext::HashFiles(
    const std::vector<std::string>& patterns) const {
  if (!hash_files_) return EvalContext::HashFiles(patterns);
  return hash_files_(patterns);
}

namespace {

// The index of an access: `*`, or a value that may act as a member name
// (primitives coerced to string) and/or an array position (a finite,
// non-negative number, floored), as GitHub does.
struct AccessIndex {
  bool star = false;
  std::optional<std::string> name;
  std::optional<size_t> position;
};

AccessIndex MakeIndex(const Value& v) {
  AccessIndex idx;
  if (v.is_primitive()) idx.name = v.ToString();
  double d = v.ToNumber();
  if (std::isfinite(d) && d >= 0 && d < 9e15) {
    idx.position = static_cast<size_t>(std::floor(d));
  }
  return idx;
}

Value Access(const Value& base, const AccessIndex& idx) {
  if (base.is_filtered()) {
    Value::Array out;
    for (const Value& item : base.array()) {
      if (item.is_object()) {
        if (idx.star) {
          for (const auto& [k, v] : item.object()) out.push_back(v);
        } else if (idx.name) {
          if (const Value* v = item.Find(*idx.name)) out.push_back(*v);
        }
      } else if (item.is_array()) {
        if (idx.star) {
          for (const Value& v : item.array()) out.push_back(v);
        } else if (idx.position && *idx.position < item.array().size()) {
          out.push_back(item.array()[*idx.position]);
        }
      }
    }
    return Value::MakeFilteredArray(std::move(out));
  }
  if (base.is_array()) {
    if (idx.star) return Value::MakeFilteredArray(base.array());
    if (idx.position && *idx.position < base.array().size()) {
      return base.array()[*idx.position];
    }
    return Value();
  }
  if (base.is_object()) {
    if (idx.star) {
      Value::Array out;
      for (const auto& [k, v] : base.object()) out.push_back(v);
      return Value::MakeFilteredArray(std::move(out));
    }
    if (idx.name) {
      if (const Value* v = base.Find(*idx.name)) return *v;
    }
    return Value();
  }
  if (idx.star) return Value::MakeFilteredArray({});
  return Value();
}

std::string Lower(const std::string& s) { return ToLower(s); }

class Evaluator {
 public:
  // `context` null: constant-folding mode, where anything that depends on
  // the run fails with kUnavailable.
  explicit Evaluator(const EvalContext* context) : context_(context) {}

  Result<Value> Eval(const Node& n) {
    switch (n.kind) {
      case NodeKind::kNull:
        return Value();
      case NodeKind::kBool:
        return Value::Bool(n.boolean);
      case NodeKind::kNumber:
        return Value::Number(n.number);
      case NodeKind::kString:
        return Value::String(n.text);
      case NodeKind::kVariable: {
        if (context_ == nullptr) return NotConstant();
        std::optional<Value> v = context_->LookupContext(n.text);
        if (!v) {
          return Status::InvalidInput("unknown context '" + n.text + "'");
        }
        return *v;
      }
      case NodeKind::kProperty: {
        Result<Value> base = Eval(n.child(0));
        if (!base.ok()) return base;
        AccessIndex idx;
        idx.name = n.text;
        return Access(*base, idx);
      }
      case NodeKind::kIndex: {
        Result<Value> index = Eval(n.child(1));
        if (!index.ok()) return index;
        Result<Value> base = Eval(n.child(0));
        if (!base.ok()) return base;
        return Access(*base, MakeIndex(*index));
      }
      case NodeKind::kFilter: {
        Result<Value> base = Eval(n.child(0));
        if (!base.ok()) return base;
        AccessIndex idx;
        idx.star = true;
        return Access(*base, idx);
      }
      case NodeKind::kNot: {
        Result<Value> v = Eval(n.child(0));
        if (!v.ok()) return v;
        return Value::Bool(!v->Truthy());
      }
      case NodeKind::kCompare:
        return Compare(n);
      case NodeKind::kAnd:
      case NodeKind::kOr: {
        bool is_and = n.kind == NodeKind::kAnd;
        Value last;
        for (const auto& c : n.children) {
          Result<Value> v = Eval(*c);
          if (!v.ok()) return v;
          last = std::move(v).value();
          if (is_and ? !last.Truthy() : last.Truthy()) break;
        }
        return last;
      }
      case NodeKind::kCall:
        return Call(n);
    }
    return Status::Internal("unknown node kind");
  }

 private:
  static Status NotConstant() {
    return Status::Unavailable("depends on the run");
  }

  Result<Value> Compare(const Node& n) {
    Result<Value> l = Eval(n.child(0));
    if (!l.ok()) return l;
    Result<Value> r = Eval(n.child(1));
    if (!r.ok()) return r;
    bool out = false;
    switch (n.op) {
      case CompareOp::kEq:
        out = LooseEquals(*l, *r);
        break;
      case CompareOp::kNe:
        out = !LooseEquals(*l, *r);
        break;
      case CompareOp::kLt:
        out = LooseLess(*l, *r);
        break;
      case CompareOp::kLe:
        out = LooseEquals(*l, *r) || LooseLess(*l, *r);
        break;
      case CompareOp::kGt:
        out = LooseGreater(*l, *r);
        break;
      case CompareOp::kGe:
        out = LooseEquals(*l, *r) || LooseGreater(*l, *r);
        break;
    }
    return Value::Bool(out);
  }

  Result<Value> Case(const Node& n) {
    size_t argc = n.children.size();
    if (argc < 3 || argc % 2 == 0) {
      return Status::InvalidInput("case() needs an odd number of arguments");
    }
    for (size_t i = 0; i + 1 < argc; i += 2) {
      Result<Value> pred = Eval(n.child(i));
      if (!pred.ok()) return pred;
      if (!pred->is_bool()) {
        return Status::InvalidInput(
            "case() predicate must evaluate to a boolean value");
      }
      if (pred->bool_value()) return Eval(n.child(i + 1));
    }
    return Eval(n.child(argc - 1));
  }

  Result<Value> Call(const Node& n) {
    const FunctionInfo* f = FindFunction(n.text);
    if (f == nullptr) {
      return Status::InvalidInput("unknown function '" + n.text + "'");
    }
    int argc = static_cast<int>(n.children.size());
    if (argc < f->min_args || (f->max_args >= 0 && argc > f->max_args)) {
      return Status::InvalidInput("wrong number of arguments to " +
                                  std::string(f->name) + "()");
    }
    if (f->id == Function::kCase) return Case(n);

    std::vector<Value> args;
    args.reserve(n.children.size());
    for (const auto& c : n.children) {
      Result<Value> v = Eval(*c);
      if (!v.ok()) return v.status();
      args.push_back(std::move(v).value());
    }

    switch (f->id) {
      case Function::kContains: {
        const Value& search = args[0];
        const Value& item = args[1];
        if (search.is_primitive()) {
          if (!item.is_primitive()) return Value::Bool(false);
          return Value::Bool(
              Lower(search.ToString()).find(Lower(item.ToString())) !=
              std::string::npos);
        }
        if (search.is_array()) {
          for (const Value& v : search.array()) {
            if (LooseEquals(item, v)) return Value::Bool(true);
          }
        }
        return Value::Bool(false);
      }
      case Function::kStartsWith:
      case Function::kEndsWith: {
        if (!args[0].is_primitive() || !args[1].is_primitive()) {
          return Value::Bool(false);
        }
        std::string s = Lower(args[0].ToString());
        std::string p = Lower(args[1].ToString());
        return Value::Bool(f->id == Function::kStartsWith ? StartsWith(s, p)
                                                          : EndsWith(s, p));
      }
      case Function::kFormat: {
        std::string fs = args[0].ToString();
        FormatParse parse = ParseFormatString(fs);
        if (parse.error) {
          return Status::InvalidInput("format(): invalid format string");
        }
        if (parse.required_args > args.size() - 1) {
          return Status::InvalidInput(
              "format(): the format string references more arguments than "
              "were supplied");
        }
        std::string out;
        for (const FormatSegment& s : parse.segments) {
          out +=
              s.is_placeholder ? args[s.arg_index + 1].ToString() : s.literal;
        }
        return Value::String(std::move(out));
      }
      case Function::kJoin: {
        if (args[0].is_primitive()) return Value::String(args[0].ToString());
        if (!args[0].is_array()) return Value::String("");
        std::string sep = ",";
        if (args.size() > 1 && args[1].is_primitive()) {
          sep = args[1].ToString();
        }
        std::string out;
        const auto& items = args[0].array();
        for (size_t i = 0; i < items.size(); ++i) {
          if (i) out += sep;
          out += items[i].ToString();
        }
        return Value::String(std::move(out));
      }
      case Function::kToJson:
        return Value::String(args[0].ToJson());
      case Function::kFromJson: {
        std::string s = args[0].ToString();
        if (Trim(s).empty()) {
          return Status::InvalidInput("fromJSON(): empty input");
        }
        return ParseJson(s);
      }
      case Function::kHashFiles: {
        if (context_ == nullptr) return NotConstant();
        std::vector<std::string> patterns;
        for (const Value& v : args) patterns.push_back(v.ToString());
        Result<std::string> h = context_->HashFiles(patterns);
        if (!h.ok()) return h.status();
        return Value::String(std::move(h).value());
      }
      case Function::kSuccess:
      case Function::kAlways:
      case Function::kCancelled:
      case Function::kFailure: {
        if (context_ == nullptr) return NotConstant();
        StatusFunction sf =
            f->id == Function::kSuccess     ? StatusFunction::kSuccess
            : f->id == Function::kAlways    ? StatusFunction::kAlways
            : f->id == Function::kCancelled ? StatusFunction::kCancelled
                                            : StatusFunction::kFailure;
        Result<bool> b = context_->EvalStatusFunction(sf);
        if (!b.ok()) return b.status();
        return Value::Bool(*b);
      }
      case Function::kCase:
        break;  // handled above
    }
    return Status::Internal("unhandled function");
  }

  const EvalContext* context_;
};

}  // namespace

Result<Value> Evaluate(const Node& root, const EvalContext& context) {
  return Evaluator(&context).Eval(root);
}

std::optional<Value> FoldConstant(const Node& root) {
  Result<Value> v = Evaluator(nullptr).Eval(root);
  if (!v.ok()) return std::nullopt;
  return std::move(v).value();
}

}  // namespace sg::expr
