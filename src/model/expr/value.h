// Runtime values of the expression language and GitHub's coercion rules.
//
// A Value is null, boolean, number (double), string, array or object. Arrays
// and objects are immutable and shared: copying a Value is cheap, and two
// Values are "the same array/object" (GitHub compares those by identity) when
// they share storage. Object keys keep their insertion order; lookup is
// case-insensitive (ASCII), as GitHub's contexts are.
//
// Thread-safety: Values are immutable, so concurrent reads are safe.
#ifndef STEPGUARD_MODEL_EXPR_VALUE_H_
#define STEPGUARD_MODEL_EXPR_VALUE_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/status.h"

namespace sg::expr {

class Value {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  using Array = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;

  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Bool(bool b);
  static Value Number(double d);
  static Value String(std::string s);
  static Value MakeArray(Array items);
  static Value MakeObject(Object members);
  // The array a `*` filter produces: property access on it maps over the
  // elements (see eval.h).
  static Value MakeFilteredArray(Array items);

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_number() const { return kind() == Kind::kNumber; }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }
  // null, bool, number, string.
  bool is_primitive() const { return !is_array() && !is_object(); }
  bool is_filtered() const { return is_array() && filtered_; }

  // Raw accessors; calling the wrong one is a programming error (asserts).
  bool bool_value() const { return std::get<bool>(v_); }
  double number_value() const { return std::get<double>(v_); }
  const std::string& string_value() const { return std::get<std::string>(v_); }
  const Array& array() const { return *std::get<ArrayPtr>(v_); }
  const Object& object() const { return *std::get<ObjectPtr>(v_); }

  // Object member by name: exact match first, then ASCII case-insensitive.
  // nullptr when absent or when this is not an object.
  const Value* Find(std::string_view key) const;

  // GitHub truthiness: false, 0, -0, NaN, '' and null are falsy.
  bool Truthy() const;
  // Coercion to number: null 0, true 1, false 0, strings via ParseNumber
  // ('' is 0, non-numeric NaN), arrays and objects NaN.
  double ToNumber() const;
  // Coercion to string: null '', 'true'/'false', FormatNumber, the string
  // itself, 'Array', 'Object'.
  std::string ToString() const;
  // toJSON(): pretty-printed JSON, two-space indent, like GitHub's.
  std::string ToJson() const;
  // Identity of array/object storage (for GitHub's reference equality).
  const void* identity() const;

  // "null", "boolean", "number", "string", "array", "object".
  static std::string_view KindName(Kind kind);

 private:
  using ArrayPtr = std::shared_ptr<const Array>;
  using ObjectPtr = std::shared_ptr<const Object>;
  std::variant<std::monostate, bool, double, std::string, ArrayPtr, ObjectPtr>
      v_;
  bool filtered_ = false;
};

// GitHub's loose comparisons. If the kinds differ, null and booleans become
// numbers, and a string compared with a number becomes a number; other mixed
// kinds are unequal and unordered. Strings compare case-insensitively
// (ASCII); any NaN makes every comparison false; arrays/objects are equal
// only when they are the same instance and are never ordered.
bool LooseEquals(const Value& a, const Value& b);
bool LooseLess(const Value& a, const Value& b);
bool LooseGreater(const Value& a, const Value& b);

// fromJSON(): parses one JSON document (RFC 8259; nesting limited to 256
// levels so hostile input cannot exhaust the stack). Errors do not quote the
// input (it may be a secret).
Result<Value> ParseJson(std::string_view text);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_VALUE_H_
