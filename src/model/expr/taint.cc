#include "model/expr/taint.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "base/strings.h"
#include "model/expr/functions.h"
#include "model/expr/number.h"

namespace sg::expr {
namespace {

bool IsAccess(const Node& n) {
  return n.kind == NodeKind::kProperty || n.kind == NodeKind::kIndex ||
         n.kind == NodeKind::kFilter;
}

bool IsIdentifierKey(const std::string& key) {
  if (key.empty()) return false;
  char c0 = key[0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_')) {
    return false;
  }
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

std::string KeySegment(const std::string& key) {
  std::string lower = ToLower(key);
  if (IsIdentifierKey(lower)) return "." + lower;
  std::string out = "['";
  for (char c : lower) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "']";
}

std::string IndexSegment(const Node& index) {
  switch (index.kind) {
    case NodeKind::kString:
      return KeySegment(index.text);
    case NodeKind::kNumber: {
      double d = index.number;
      if (!std::isfinite(d) || d < 0) return "[*]";
      // Built by appending: GCC 12 warns (falsely, -Wrestrict) on
      // "[" + std::string&&.
      std::string seg = "[";
      seg += FormatNumber(std::floor(d));
      seg += ']';
      return seg;
    }
    case NodeKind::kBool:
      return index.boolean ? ".true" : ".false";
    case NodeKind::kNull:
      return "['']";
    default:
      return "[*]";
  }
}

// An access chain split into its base (innermost non-access node) and the
// normalised path suffix the accesses add.
struct Chain {
  const Node* base = nullptr;
  std::string suffix;
};

Chain Decompose(const Node& n) {
  std::vector<const Node*> accesses;
  const Node* cur = &n;
  while (IsAccess(*cur)) {
    accesses.push_back(cur);
    cur = &cur->child(0);
  }
  Chain chain;
  chain.base = cur;
  for (auto it = accesses.rbegin(); it != accesses.rend(); ++it) {
    const Node& a = **it;
    switch (a.kind) {
      case NodeKind::kProperty:
        chain.suffix += KeySegment(a.text);
        break;
      case NodeKind::kFilter:
        chain.suffix += ".*";
        break;
      case NodeKind::kIndex:
        chain.suffix += IndexSegment(a.child(1));
        break;
      default:
        break;
    }
  }
  return chain;
}

ContextRef MakeRef(const Node& outer, const Chain& chain) {
  ContextRef r;
  r.path = ToLower(chain.base->text) + chain.suffix;
  r.offset = outer.offset;
  r.length = outer.length;
  r.node = &outer;
  return r;
}

void Flow(const Node& n, bool via_json, std::vector<ContextRef>* out);

void FlowAll(const Node& n, size_t first_child, bool via_json,
             std::vector<ContextRef>* out) {
  for (size_t i = first_child; i < n.children.size(); ++i) {
    Flow(n.child(i), via_json, out);
  }
}

void FlowCall(const Node& n, bool via_json, std::vector<ContextRef>* out) {
  const FunctionInfo* f = FindFunction(n.text);
  if (f == nullptr) {
    FlowAll(n, 0, via_json, out);  // unknown: assume anything flows
    return;
  }
  switch (f->id) {
    case Function::kContains:
    case Function::kStartsWith:
    case Function::kEndsWith:
    case Function::kHashFiles:
    case Function::kSuccess:
    case Function::kAlways:
    case Function::kCancelled:
    case Function::kFailure:
      return;
    case Function::kJoin:
      FlowAll(n, 0, via_json, out);
      return;
    case Function::kToJson:
    case Function::kFromJson:
      FlowAll(n, 0, /*via_json=*/true, out);
      return;
    case Function::kCase:
      for (size_t i = 1; i < n.children.size(); i += 2) {
        Flow(n.child(i), via_json, out);
      }
      // The default is the last argument (odd count); with an even count
      // the call is invalid, but be conservative and include the last one.
      if (!n.children.empty() && n.children.size() % 2 == 1) {
        Flow(n.children.back().operator*(), via_json, out);
      }
      return;
    case Function::kFormat: {
      if (n.children.empty()) return;
      const Node& fmt = n.child(0);
      if (fmt.kind != NodeKind::kString) {
        FlowAll(n, 0, via_json, out);
        return;
      }
      FormatParse parse = ParseFormatString(fmt.text);
      if (parse.error) {
        FlowAll(n, 1, via_json, out);
        return;
      }
      std::vector<bool> used(n.children.size(), false);
      for (const FormatSegment& s : parse.segments) {
        if (s.is_placeholder && s.arg_index + 1 < n.children.size()) {
          used[s.arg_index + 1] = true;
        }
      }
      for (size_t i = 1; i < n.children.size(); ++i) {
        if (used[i]) Flow(n.child(i), via_json, out);
      }
      return;
    }
  }
}

void Flow(const Node& n, bool via_json, std::vector<ContextRef>* out) {
  switch (n.kind) {
    case NodeKind::kNull:
    case NodeKind::kBool:
    case NodeKind::kNumber:
    case NodeKind::kString:
    case NodeKind::kNot:
    case NodeKind::kCompare:
      return;
    case NodeKind::kVariable:
    case NodeKind::kProperty:
    case NodeKind::kIndex:
    case NodeKind::kFilter: {
      Chain chain = Decompose(n);
      if (chain.base->kind == NodeKind::kVariable) {
        ContextRef r = MakeRef(n, chain);
        r.via_json = via_json;
        out->push_back(std::move(r));
        return;
      }
      std::vector<ContextRef> inner;
      Flow(*chain.base, via_json, &inner);
      for (ContextRef& r : inner) {
        if (!r.via_json) r.path += chain.suffix;
        out->push_back(std::move(r));
      }
      return;
    }
    case NodeKind::kAnd:
      Flow(*n.children.back(), via_json, out);
      return;
    case NodeKind::kOr:
      FlowAll(n, 0, via_json, out);
      return;
    case NodeKind::kCall:
      FlowCall(n, via_json, out);
      return;
  }
}

void CollectAll(const Node& n, std::vector<ContextRef>* out) {
  if (n.kind == NodeKind::kVariable || IsAccess(n)) {
    Chain chain = Decompose(n);
    if (chain.base->kind == NodeKind::kVariable) {
      out->push_back(MakeRef(n, chain));
    } else {
      CollectAll(*chain.base, out);
    }
    // Index expressions inside the chain are references in their own right.
    for (const Node* cur = &n; IsAccess(*cur); cur = &cur->child(0)) {
      if (cur->kind == NodeKind::kIndex) CollectAll(cur->child(1), out);
    }
    return;
  }
  for (const auto& c : n.children) CollectAll(*c, out);
}

void SortAndDedupe(std::vector<ContextRef>* refs) {
  std::stable_sort(refs->begin(), refs->end(),
                   [](const ContextRef& a, const ContextRef& b) {
                     return a.offset < b.offset;
                   });
  std::vector<ContextRef> out;
  std::set<std::tuple<size_t, size_t, std::string>> seen;
  for (ContextRef& r : *refs) {
    if (seen.emplace(r.offset, r.length, r.path).second) {
      out.push_back(std::move(r));
    }
  }
  *refs = std::move(out);
}

}  // namespace

std::vector<ContextRef> FlowingContexts(const Node& root) {
  std::vector<ContextRef> out;
  Flow(root, false, &out);
  SortAndDedupe(&out);
  return out;
}

std::vector<ContextRef> AllContexts(const Node& root) {
  std::vector<ContextRef> out;
  CollectAll(root, &out);
  SortAndDedupe(&out);
  return out;
}

}  // namespace sg::expr
