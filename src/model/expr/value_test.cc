#include "model/expr/value.h"

#include <gtest/gtest.h>

#include <cmath>

#include "model/expr/number.h"

namespace sg::expr {
namespace {

TEST(NumberTest, ParseNumberFollowsJavaScript) {
  struct C {
    const char* s;
    double v;
  };
  const C cases[] = {
      {"", 0},
      {"   ", 0},
      {"0", 0},
      {"42", 42},
      {" 123456.789 ", 123456.789},
      {" +1.5", 1.5},
      {"-1.5 ", -1.5},
      {"\t\n7\r", 7},
      {".5", 0.5},
      {"5.", 5},
      {"1e3", 1000},
      {"1E-2", 0.01},
      {"0x1F", 31},
      {"0o17", 15},
      {"0B11", 3},
      {"Infinity", HUGE_VAL},
      {"-Infinity", -HUGE_VAL},
      {"007", 7},
  };
  for (const C& c : cases) EXPECT_DOUBLE_EQ(ParseNumber(c.s), c.v) << c.s;
  const char* nans[] = {"abc",   "1a",  "0x",  "-0x10", "1e",       "e5",
                        ".",     "-",   "1 2", "NaN",   "infinity", "1_000",
                        "0x1.8", "inf", "nan", "1,5",   "--1"};
  for (const char* s : nans) EXPECT_TRUE(std::isnan(ParseNumber(s))) << s;
}

TEST(NumberTest, FormatNumberMatchesGitHub) {
  struct C {
    double v;
    const char* s;
  };
  const C cases[] = {
      {0, "0"},
      {-0.0, "0"},
      {1, "1"},
      {-1, "-1"},
      {0.5, "0.5"},
      {-0.5, "-0.5"},
      {-2.0, "-2"},
      {123456.789, "123456.789"},
      {0.84551240822557006, "0.84551240822557"},
      {1.9, "1.9"},
      {1234.56, "1234.56"},
      {255, "255"},
      {120, "120"},
      {0.012, "0.012"},
      {0.1 + 0.2, "0.3"},
      {1e21, "1e+21"},
      {123456789012, "123456789012"},
      {1e-16, "0"},  // below GitHub's 15-decimal precision
      {HUGE_VAL, "Infinity"},
      {-HUGE_VAL, "-Infinity"},
  };
  for (const C& c : cases) EXPECT_EQ(FormatNumber(c.v), c.s) << c.v;
  EXPECT_EQ(FormatNumber(std::nan("")), "NaN");
}

Value Arr() { return Value::MakeArray({Value::Number(1)}); }
Value Obj() { return Value::MakeObject({{"a", Value::Number(1)}}); }

TEST(ValueTest, Truthiness) {
  EXPECT_FALSE(Value().Truthy());
  EXPECT_FALSE(Value::Bool(false).Truthy());
  EXPECT_FALSE(Value::Number(0).Truthy());
  EXPECT_FALSE(Value::Number(-0.0).Truthy());
  EXPECT_FALSE(Value::Number(std::nan("")).Truthy());
  EXPECT_FALSE(Value::String("").Truthy());
  EXPECT_TRUE(Value::Bool(true).Truthy());
  EXPECT_TRUE(Value::Number(-1).Truthy());
  EXPECT_TRUE(Value::String("false").Truthy());
  EXPECT_TRUE(Value::String("0").Truthy());
  EXPECT_TRUE(Value::MakeArray({}).Truthy());
  EXPECT_TRUE(Value::MakeObject({}).Truthy());
}

TEST(ValueTest, CoercionToNumberAndString) {
  // The table in GitHub's "Evaluate expressions" documentation.
  EXPECT_EQ(Value().ToNumber(), 0);
  EXPECT_EQ(Value::Bool(true).ToNumber(), 1);
  EXPECT_EQ(Value::Bool(false).ToNumber(), 0);
  EXPECT_EQ(Value::String("").ToNumber(), 0);
  EXPECT_EQ(Value::String(" 12 ").ToNumber(), 12);
  EXPECT_TRUE(std::isnan(Value::String("twelve").ToNumber()));
  EXPECT_TRUE(std::isnan(Arr().ToNumber()));
  EXPECT_TRUE(std::isnan(Obj().ToNumber()));

  EXPECT_EQ(Value().ToString(), "");
  EXPECT_EQ(Value::Bool(true).ToString(), "true");
  EXPECT_EQ(Value::Number(-0.5).ToString(), "-0.5");
  EXPECT_EQ(Arr().ToString(), "Array");
  EXPECT_EQ(Obj().ToString(), "Object");
}

TEST(ValueTest, LooseEqualityTable) {
  Value s_abc = Value::String("abc");
  struct C {
    Value a, b;
    bool eq;
  };
  const C cases[] = {
      {Value(), Value(), true},
      {Value(), Value::Number(0), true},
      {Value(), Value::String(""), true},  // null -> 0, '' -> 0
      {Value(), Value::Bool(false), true},
      {Value(), Value::String("null"), false},
      {Value::Bool(true), Value::Number(1), true},
      {Value::Bool(false), Value::Number(0), true},
      {Value::Bool(true), Value::String("1"), true},
      {Value::Bool(true), Value::String("true"), false},  // 'true' is NaN
      {Value::Number(1), Value::String("1.0"), true},
      {Value::Number(255), Value::String(" 0xff "), true},
      {Value::Number(0), Value::String(""), true},
      {Value::String("ABC"), s_abc, true},  // case-insensitive
      {Value::String("abc"), Value::String("abd"), false},
      {Value::Number(std::nan("")), Value::Number(std::nan("")), false},
      {Value::String("NaN"), Value::Number(std::nan("")), false},
      {Arr(), Arr(), false},  // different instances
      {Obj(), Obj(), false},
      {Arr(), Value::String("Array"), false},
      {Obj(), Value::Number(0), false},
      {Value(), Obj(), false},
  };
  for (const C& c : cases) {
    EXPECT_EQ(LooseEquals(c.a, c.b), c.eq)
        << c.a.ToString() << " == " << c.b.ToString();
    EXPECT_EQ(LooseEquals(c.b, c.a), c.eq)
        << c.b.ToString() << " == " << c.a.ToString();
  }
  Value same = Obj();
  EXPECT_TRUE(LooseEquals(same, same));  // identity
  Value copy = same;
  EXPECT_TRUE(LooseEquals(same, copy));  // copies share storage
}

TEST(ValueTest, OrderingTable) {
  EXPECT_TRUE(LooseLess(Value::Number(1), Value::Number(2)));
  EXPECT_TRUE(LooseLess(Value::String("abc"), Value::String("DEF")));
  EXPECT_FALSE(LooseLess(Value::String("b"), Value::String("A")));
  EXPECT_TRUE(LooseLess(Value::Bool(false), Value::Bool(true)));
  EXPECT_TRUE(LooseLess(Value::Bool(false), Value::Number(1)));
  EXPECT_TRUE(LooseLess(Value(), Value::Number(1)));
  EXPECT_TRUE(LooseLess(Value::String("2"), Value::Number(10)));   // numeric
  EXPECT_FALSE(LooseLess(Value::String("x"), Value::Number(10)));  // NaN
  EXPECT_FALSE(LooseGreater(Value::String("x"), Value::Number(10)));
  EXPECT_FALSE(LooseLess(Arr(), Arr()));
  EXPECT_FALSE(LooseGreater(Obj(), Obj()));
  EXPECT_TRUE(LooseGreater(Value::Number(2), Value::Number(1)));
}

TEST(ValueTest, ObjectLookupIsCaseInsensitivePreferringExact) {
  Value o = Value::MakeObject({{"Name", Value::Number(1)},
                               {"name", Value::Number(2)},
                               {"Other", Value::Number(3)}});
  ASSERT_NE(o.Find("name"), nullptr);
  EXPECT_EQ(o.Find("name")->number_value(), 2);
  EXPECT_EQ(o.Find("NAME")->number_value(), 1);
  EXPECT_EQ(o.Find("other")->number_value(), 3);
  EXPECT_EQ(o.Find("missing"), nullptr);
  EXPECT_EQ(Value::String("x").Find("x"), nullptr);
}

TEST(JsonTest, ParsesAndPrintsLikeGitHub) {
  Result<Value> v = ParseJson(
      R"( {"a": [1, 2.5, -3e2, true, false, null, "s\"\\\/\n\u00e9\ud83d\ude00"],
           "b": {}, "c": [], "a2": {"x": {"y": 0}}} )");
  ASSERT_TRUE(v.ok()) << v.status().message();
  EXPECT_EQ(v->ToJson(),
            "{\n"
            "  \"a\": [\n"
            "    1,\n"
            "    2.5,\n"
            "    -300,\n"
            "    true,\n"
            "    false,\n"
            "    null,\n"
            "    \"s\\\"\\\\/\\n\xC3\xA9\xF0\x9F\x98\x80\"\n"
            "  ],\n"
            "  \"b\": {},\n"
            "  \"c\": [],\n"
            "  \"a2\": {\n"
            "    \"x\": {\n"
            "      \"y\": 0\n"
            "    }\n"
            "  }\n"
            "}");
  EXPECT_EQ(Value::String("abc'def").ToJson(), "\"abc'def\"");
  EXPECT_EQ(Value().ToJson(), "null");
  EXPECT_EQ(Value::Number(std::nan("")).ToJson(), "null");
}

TEST(JsonTest, DuplicateKeysKeepTheLastValue) {
  Result<Value> v = ParseJson(R"({"k": 1, "k": 2})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->object().size(), 1u);
  EXPECT_EQ(v->Find("k")->number_value(), 2);
}

TEST(JsonTest, RejectsInvalidDocumentsWithoutQuotingThem) {
  const char* bad[] = {"",    "{",        "[1,]",     "{\"a\" 1}",
                       "01",  "1.",       "+1",       "'x'",
                       "nul", "[1] [2]",  "\"\x01\"", "\"\\x\"",
                       "NaN", "{\"a\":}", "\"abc",    "[\"secret-value\""};
  for (const char* s : bad) {
    Result<Value> v = ParseJson(s);
    EXPECT_FALSE(v.ok()) << s;
    if (!v.ok()) {
      EXPECT_EQ(v.status().message().find("secret-value"), std::string::npos);
    }
  }
}

TEST(JsonTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  EXPECT_FALSE(ParseJson(deep).ok());
  std::string ok(200, '[');
  ok += std::string(200, ']');
  EXPECT_TRUE(ParseJson(ok).ok());
}

}  // namespace
}  // namespace sg::expr
