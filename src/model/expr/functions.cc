#include "model/expr/functions.h"

#include <algorithm>
#include <string>

#include "base/strings.h"

namespace sg::expr {

const std::vector<FunctionInfo>& AllFunctions() {
  static const std::vector<FunctionInfo> kFunctions = {
      {Function::kContains, "contains", 2, 2, false},
      {Function::kStartsWith, "startsWith", 2, 2, false},
      {Function::kEndsWith, "endsWith", 2, 2, false},
      {Function::kFormat, "format", 1, -1, false},
      {Function::kJoin, "join", 1, 2, false},
      {Function::kToJson, "toJSON", 1, 1, false},
      {Function::kFromJson, "fromJSON", 1, 1, false},
      {Function::kHashFiles, "hashFiles", 1, -1, true},
      // case(pred1, val1, ..., default): odd count, at least 3.
      {Function::kCase, "case", 3, -1, false},
      {Function::kSuccess, "success", 0, 0, true},
      {Function::kAlways, "always", 0, 0, true},
      {Function::kCancelled, "cancelled", 0, 0, true},
      {Function::kFailure, "failure", 0, 0, true},
  };
  return kFunctions;
}

const FunctionInfo* FindFunction(std::string_view name) {
  for (const FunctionInfo& f : AllFunctions()) {
    if (IEquals(f.name, name)) return &f;
  }
  return nullptr;
}

FormatParse ParseFormatString(std::string_view fs) {
  FormatParse out;
  size_t index = 0;
  std::string pending;  // literal text not yet emitted
  size_t pending_offset = 0;
  auto flush = [&](size_t end) {
    if (pending.empty()) return;
    FormatSegment seg;
    seg.literal = std::move(pending);
    seg.offset = pending_offset;
    seg.length = end - pending_offset;
    out.segments.push_back(std::move(seg));
    pending.clear();
  };
  auto fail = [&](size_t at, std::string msg) {
    out.error = std::move(msg);
    out.error_offset = at;
  };
  while (index < fs.size()) {
    size_t lbrace = fs.find('{', index);
    size_t rbrace = fs.find('}', index);
    if (pending.empty()) pending_offset = index;
    if (lbrace != std::string_view::npos &&
        (rbrace == std::string_view::npos || rbrace > lbrace)) {
      if (lbrace + 1 < fs.size() && fs[lbrace + 1] == '{') {
        pending.append(fs.substr(index, lbrace - index + 1));
        index = lbrace + 2;
        continue;
      }
      // `{` digits [anything] `}`: GitHub tolerates trailing format
      // specifiers after the number.
      size_t digits = 0;
      while (lbrace + 1 + digits < fs.size() &&
             fs[lbrace + 1 + digits] >= '0' && fs[lbrace + 1 + digits] <= '9') {
        ++digits;
      }
      if (rbrace != std::string_view::npos && rbrace > lbrace + 1 &&
          digits > 0 && digits <= 9) {
        pending.append(fs.substr(index, lbrace - index));
        flush(lbrace);
        FormatSegment seg;
        seg.is_placeholder = true;
        seg.arg_index = std::stoul(std::string(fs.substr(lbrace + 1, digits)));
        seg.offset = lbrace;
        seg.length = rbrace + 1 - lbrace;
        out.required_args = std::max(out.required_args, seg.arg_index + 1);
        out.segments.push_back(std::move(seg));
        index = rbrace + 1;
        continue;
      }
      fail(lbrace, "'{' must start a placeholder such as {0} or be doubled");
      return out;
    }
    if (rbrace != std::string_view::npos) {
      if (rbrace + 1 < fs.size() && fs[rbrace + 1] == '}') {
        pending.append(fs.substr(index, rbrace - index + 1));
        index = rbrace + 2;
        continue;
      }
      fail(rbrace, "'}' must close a placeholder or be doubled");
      return out;
    }
    pending.append(fs.substr(index));
    index = fs.size();
  }
  flush(fs.size());
  return out;
}

}  // namespace sg::expr
