#include "model/expr/number.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace sg::expr {
namespace {

bool IsJsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ParseRadix(std::string_view digits, int radix) {
  if (digits.empty()) return kNaN;
  double v = 0;
  for (char c : digits) {
    int d = DigitValue(c);
    if (d >= radix) return kNaN;
    v = v * radix + d;
  }
  return v;
}

}  // namespace

double ParseNumber(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsJsSpace(s[b])) ++b;
  while (e > b && IsJsSpace(s[e - 1])) --e;
  s = s.substr(b, e - b);
  if (s.empty()) return 0;

  if (s.size() > 2 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') return ParseRadix(s.substr(2), 16);
    if (p == 'o' || p == 'O') return ParseRadix(s.substr(2), 8);
    if (p == 'b' || p == 'B') return ParseRadix(s.substr(2), 2);
  }

  bool negative = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "Infinity") {
    return negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
  }

  // Validate the decimal grammar ourselves: from_chars accepts forms
  // (inf, nan, hex floats) that JavaScript does not.
  size_t i = 0, int_digits = 0, frac_digits = 0;
  while (i < body.size() && IsDigit(body[i])) ++i, ++int_digits;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && IsDigit(body[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return kNaN;
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < body.size() && IsDigit(body[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return kNaN;
  }
  if (i != body.size()) return kNaN;

  // from_chars does not take a leading '.' in every libstdc++ version, nor a
  // trailing '.', so normalise to "0.x" / "x.0".
  std::string norm;
  norm.reserve(body.size() + 2);
  if (body[0] == '.') norm += '0';
  for (size_t k = 0; k < body.size(); ++k) {
    norm += body[k];
    if (body[k] == '.' && (k + 1 == body.size() || !IsDigit(body[k + 1]))) {
      norm += '0';
    }
  }
  double v = 0;
  auto [ptr, ec] = std::from_chars(norm.data(), norm.data() + norm.size(), v);
  if (ec == std::errc::result_out_of_range) {
    // Overflow is Infinity and underflow is 0 in JavaScript.
    bool huge = false;
    size_t epos = norm.find_first_of("eE");
    if (epos != std::string::npos)
      huge = norm[epos + 1] != '-';
    else
      huge = true;
    v = huge ? std::numeric_limits<double>::infinity() : 0.0;
  } else if (ec != std::errc() || ptr != norm.data() + norm.size()) {
    return kNaN;
  }
  return negative ? -v : v;
}

std::string FormatNumber(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return "0";
  // GitHub limits precision to 15 decimal places (toFixed(15)) so that
  // 0.1+0.2-style noise does not leak into strings.
  if (std::fabs(v) < 1e21) {
    char fixed[400];
    std::snprintf(fixed, sizeof fixed, "%.15f", v);
    double r = 0;
    std::from_chars(fixed, fixed + std::char_traits<char>::length(fixed), r);
    v = r;
    if (v == 0) return "0";
  }
  char sci[64];
  auto res =
      std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
  std::string s(sci, res.ptr);
  std::string sign;
  if (s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  size_t epos = s.find('e');
  int exp10 = std::atoi(s.c_str() + epos + 1);
  std::string digits;
  for (size_t i = 0; i < epos; ++i) {
    if (s[i] != '.') digits += s[i];
  }
  int k = static_cast<int>(digits.size());
  int n = exp10 + 1;  // position of the decimal point relative to digits
  std::string out;
  if (k <= n && n <= 21) {
    out = digits + std::string(n - k, '0');
  } else if (0 < n && n <= 21) {
    out = digits.substr(0, n) + "." + digits.substr(n);
  } else if (-6 < n && n <= 0) {
    out = "0." + std::string(-n, '0') + digits;
  } else {
    out = digits.substr(0, 1);
    if (k > 1) out += "." + digits.substr(1);
    out += (n - 1 >= 0) ? "e+" : "e-";
    out += std::to_string(std::abs(n - 1));
  }
  return sign + out;
}

}  // namespace sg::expr
