#include "model/expr/value.h"

#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "base/strings.h"
#include "model/expr/number.h"

namespace sg::expr {

Value Value::Bool(bool b) {
  Value v;
  v.v_ = b;
  return v;
}

Value Value::Number(double d) {
  Value v;
  v.v_ = d;
  return v;
}

Value Value::String(std::string s) {
  Value v;
  v.v_ = std::move(s);
  return v;
}

Value Value::MakeArray(Array items) {
  Value v;
  v.v_ = std::make_shared<const Array>(std::move(items));
  return v;
}

Value Value::MakeObject(Object members) {
  Value v;
  v.v_ = std::make_shared<const Object>(std::move(members));
  return v;
}

Value Value::MakeFilteredArray(Array items) {
  Value v = MakeArray(std::move(items));
  v.filtered_ = true;
  return v;
}

const Value* Value::Find(std::string_view key) const {
  if (!is_object()) return nullptr;
  const Object& members = object();
  for (const auto& [k, v] : members) {
    if (k == key) return &v;
  }
  for (const auto& [k, v] : members) {
    if (IEquals(k, key)) return &v;
  }
  return nullptr;
}

bool Value::Truthy() const {
  switch (kind()) {
    case Kind::kNull:
      return false;
    case Kind::kBool:
      return bool_value();
    case Kind::kNumber: {
      double d = number_value();
      return !(d == 0 || std::isnan(d));
    }
    case Kind::kString:
      return !string_value().empty();
    case Kind::kArray:
    case Kind::kObject:
      return true;
  }
  return false;
}

double Value::ToNumber() const {
  switch (kind()) {
    case Kind::kNull:
      return 0;
    case Kind::kBool:
      return bool_value() ? 1 : 0;
    case Kind::kNumber:
      return number_value();
    case Kind::kString:
      return ParseNumber(string_value());
    case Kind::kArray:
    case Kind::kObject:
      return std::nan("");
  }
  return std::nan("");
}

std::string Value::ToString() const {
  switch (kind()) {
    case Kind::kNull:
      return "";
    case Kind::kBool:
      return bool_value() ? "true" : "false";
    case Kind::kNumber:
      return FormatNumber(number_value());
    case Kind::kString:
      return string_value();
    case Kind::kArray:
      return "Array";
    case Kind::kObject:
      return "Object";
  }
  return "";
}

namespace {

void AppendJson(const Value& v, int indent, std::string* out) {
  switch (v.kind()) {
    case Value::Kind::kNull:
      *out += "null";
      return;
    case Value::Kind::kBool:
      *out += v.bool_value() ? "true" : "false";
      return;
    case Value::Kind::kNumber: {
      double d = v.number_value();
      // JSON has no NaN/Infinity; JSON.stringify writes null.
      *out += std::isfinite(d) ? FormatNumber(d) : "null";
      return;
    }
    case Value::Kind::kString:
      *out += '"';
      *out += JsonEscape(v.string_value());
      *out += '"';
      return;
    case Value::Kind::kArray: {
      const auto& items = v.array();
      if (items.empty()) {
        *out += "[]";
        return;
      }
      *out += "[\n";
      for (size_t i = 0; i < items.size(); ++i) {
        out->append(2 * (indent + 1), ' ');
        AppendJson(items[i], indent + 1, out);
        if (i + 1 < items.size()) *out += ',';
        *out += '\n';
      }
      out->append(2 * indent, ' ');
      *out += ']';
      return;
    }
    case Value::Kind::kObject: {
      const auto& members = v.object();
      if (members.empty()) {
        *out += "{}";
        return;
      }
      *out += "{\n";
      for (size_t i = 0; i < members.size(); ++i) {
        out->append(2 * (indent + 1), ' ');
        *out += '"';
        *out += JsonEscape(members[i].first);
        *out += "\": ";
        AppendJson(members[i].second, indent + 1, out);
        if (i + 1 < members.size()) *out += ',';
        *out += '\n';
      }
      out->append(2 * indent, ' ');
      *out += '}';
      return;
    }
  }
}

}  // namespace

std::string Value::ToJson() const {
  std::string out;
  AppendJson(*this, 0, &out);
  return out;
}

const void* Value::identity() const {
  if (is_array()) return std::get<ArrayPtr>(v_).get();
  if (is_object()) return std::get<ObjectPtr>(v_).get();
  return nullptr;
}

std::string_view Value::KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return "boolean";
    case Kind::kNumber:
      return "number";
    case Kind::kString:
      return "string";
    case Kind::kArray:
      return "array";
    case Kind::kObject:
      return "object";
  }
  return "?";
}

// ---- comparisons ------------------------------------------------------------

namespace {

// Brings two values to a common kind where GitHub does (see value.h).
std::pair<Value, Value> Coerce(const Value& a, const Value& b) {
  using K = Value::Kind;
  Value l = a, r = b;
  for (int guard = 0; guard < 3 && l.kind() != r.kind(); ++guard) {
    if (l.kind() == K::kNumber && r.kind() == K::kString) {
      r = Value::Number(r.ToNumber());
    } else if (l.kind() == K::kString && r.kind() == K::kNumber) {
      l = Value::Number(l.ToNumber());
    } else if (l.kind() == K::kNull || l.kind() == K::kBool) {
      l = Value::Number(l.ToNumber());
    } else if (r.kind() == K::kNull || r.kind() == K::kBool) {
      r = Value::Number(r.ToNumber());
    } else {
      break;
    }
  }
  return {l, r};
}

std::string UpperAscii(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

bool LooseEquals(const Value& a, const Value& b) {
  auto [l, r] = Coerce(a, b);
  if (l.kind() != r.kind()) return false;
  switch (l.kind()) {
    case Value::Kind::kNull:
      return true;
    case Value::Kind::kBool:
      return l.bool_value() == r.bool_value();
    case Value::Kind::kNumber: {
      double x = l.number_value(), y = r.number_value();
      if (std::isnan(x) || std::isnan(y)) return false;
      return x == y;
    }
    case Value::Kind::kString:
      return IEquals(l.string_value(), r.string_value());
    case Value::Kind::kArray:
    case Value::Kind::kObject:
      return l.identity() == r.identity();
  }
  return false;
}

bool LooseLess(const Value& a, const Value& b) {
  auto [l, r] = Coerce(a, b);
  if (l.kind() != r.kind()) return false;
  switch (l.kind()) {
    case Value::Kind::kBool:
      return !l.bool_value() && r.bool_value();
    case Value::Kind::kNumber: {
      double x = l.number_value(), y = r.number_value();
      if (std::isnan(x) || std::isnan(y)) return false;
      return x < y;
    }
    case Value::Kind::kString:
      return UpperAscii(l.string_value()) < UpperAscii(r.string_value());
    default:
      return false;
  }
}

bool LooseGreater(const Value& a, const Value& b) { return LooseLess(b, a); }

// ---- JSON parsing -----------------------------------------------------------

namespace {

constexpr int kMaxJsonDepth = 256;

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : s_(text) {}

  Result<Value> Run() {
    SkipSpace();
    Value v;
    if (!ParseValue(0, &v)) return Error();
    SkipSpace();
    if (i_ != s_.size()) {
      error_ = "unexpected data after the JSON value";
      return Error();
    }
    return v;
  }

 private:
  Status Error() const {
    return Status::InvalidInput("fromJSON: invalid JSON at byte " +
                                std::to_string(i_) + ": " + error_);
  }

  bool Fail(const char* msg) {
    if (error_.empty()) error_ = msg;
    return false;
  }

  void SkipSpace() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' ||
                              s_[i_] == '\n' || s_[i_] == '\r')) {
      ++i_;
    }
  }

  bool Literal(std::string_view word) {
    if (s_.substr(i_, word.size()) != word) return Fail("invalid literal");
    i_ += word.size();
    return true;
  }

  bool ParseValue(int depth, Value* out) {
    if (depth > kMaxJsonDepth) return Fail("nesting too deep");
    if (i_ >= s_.size()) return Fail("unexpected end of input");
    char c = s_[i_];
    switch (c) {
      case 'n':
        *out = Value();
        return Literal("null");
      case 't':
        *out = Value::Bool(true);
        return Literal("true");
      case 'f':
        *out = Value::Bool(false);
        return Literal("false");
      case '"': {
        std::string str;
        if (!ParseString(&str)) return false;
        *out = Value::String(std::move(str));
        return true;
      }
      case '[': {
        ++i_;
        Value::Array items;
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == ']') {
          ++i_;
          *out = Value::MakeArray(std::move(items));
          return true;
        }
        while (true) {
          SkipSpace();
          Value item;
          if (!ParseValue(depth + 1, &item)) return false;
          items.push_back(std::move(item));
          SkipSpace();
          if (i_ < s_.size() && s_[i_] == ',') {
            ++i_;
            continue;
          }
          if (i_ < s_.size() && s_[i_] == ']') {
            ++i_;
            break;
          }
          return Fail("expected ',' or ']'");
        }
        *out = Value::MakeArray(std::move(items));
        return true;
      }
      case '{': {
        ++i_;
        Value::Object members;
        std::unordered_map<std::string, size_t> index;
        SkipSpace();
        if (i_ < s_.size() && s_[i_] == '}') {
          ++i_;
          *out = Value::MakeObject(std::move(members));
          return true;
        }
        while (true) {
          SkipSpace();
          if (i_ >= s_.size() || s_[i_] != '"') return Fail("expected a key");
          std::string key;
          if (!ParseString(&key)) return false;
          SkipSpace();
          if (i_ >= s_.size() || s_[i_] != ':') return Fail("expected ':'");
          ++i_;
          SkipSpace();
          Value member;
          if (!ParseValue(depth + 1, &member)) return false;
          // JSON.parse keeps the last duplicate.
          auto [it, inserted] = index.emplace(key, members.size());
          if (inserted) {
            members.emplace_back(std::move(key), std::move(member));
          } else {
            members[it->second].second = std::move(member);
          }
          SkipSpace();
          if (i_ < s_.size() && s_[i_] == ',') {
            ++i_;
            continue;
          }
          if (i_ < s_.size() && s_[i_] == '}') {
            ++i_;
            break;
          }
          return Fail("expected ',' or '}'");
        }
        *out = Value::MakeObject(std::move(members));
        return true;
      }
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return ParseJsonNumber(out);
        return Fail("unexpected character");
    }
  }

  bool ParseJsonNumber(Value* out) {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    auto digits = [&]() {
      size_t n = 0;
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_, ++n;
      return n;
    };
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (digits() == 0) {
      return Fail("invalid number");
    }
    if (i_ < s_.size() && s_[i_] == '.') {
      ++i_;
      if (digits() == 0) return Fail("invalid number");
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (digits() == 0) return Fail("invalid number");
    }
    *out = Value::Number(ParseNumber(s_.substr(start, i_ - start)));
    return true;
  }

  static void AppendUtf8(uint32_t cp, std::string* out) {
    if (cp < 0x80) {
      *out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      *out += static_cast<char>(0xC0 | (cp >> 6));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      *out += static_cast<char>(0xE0 | (cp >> 12));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      *out += static_cast<char>(0xF0 | (cp >> 18));
      *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      *out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool Hex4(uint32_t* out) {
    if (i_ + 4 > s_.size()) return Fail("truncated \\u escape");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= c - '0';
      else if (c >= 'a' && c <= 'f')
        v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F')
        v |= c - 'A' + 10;
      else
        return Fail("invalid \\u escape");
    }
    *out = v;
    return true;
  }

  bool ParseString(std::string* out) {
    ++i_;  // opening quote
    while (true) {
      if (i_ >= s_.size()) return Fail("unterminated string");
      char c = s_[i_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) {
        return Fail("control character in string");
      }
      if (c != '\\') {
        *out += c;
        continue;
      }
      if (i_ >= s_.size()) return Fail("unterminated string");
      char e = s_[i_++];
      switch (e) {
        case '"':
          *out += '"';
          break;
        case '\\':
          *out += '\\';
          break;
        case '/':
          *out += '/';
          break;
        case 'b':
          *out += '\b';
          break;
        case 'f':
          *out += '\f';
          break;
        case 'n':
          *out += '\n';
          break;
        case 'r':
          *out += '\r';
          break;
        case 't':
          *out += '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF && i_ + 1 < s_.size() &&
              s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            size_t save = i_;
            i_ += 2;
            uint32_t lo = 0;
            if (!Hex4(&lo)) return false;
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
              i_ = save;  // lone high surrogate; keep the next escape
            }
          }
          AppendUtf8(cp, out);
          break;
        }
        default:
          return Fail("invalid escape");
      }
    }
  }

  std::string_view s_;
  size_t i_ = 0;
  std::string error_;
};

}  // namespace

Result<Value> ParseJson(std::string_view text) {
  return JsonParser(text).Run();
}

}  // namespace sg::expr
