// Number <-> string conversions with the semantics GitHub's expression engine
// uses (it follows JavaScript): used for number literals, for coercing strings
// to numbers in comparisons, and for turning numbers into strings.
#ifndef STEPGUARD_MODEL_EXPR_NUMBER_H_
#define STEPGUARD_MODEL_EXPR_NUMBER_H_

#include <string>
#include <string_view>

namespace sg::expr {

// JavaScript `Number(s)`: surrounding ASCII whitespace is ignored; "" is 0;
// accepts [+-]decimal with optional fraction and exponent, [+-]Infinity, and
// unsigned 0x/0o/0b integers. Anything else is NaN.
double ParseNumber(std::string_view s);

// GitHub's number-to-string: NaN, Infinity, -Infinity; -0 is "0"; otherwise
// rounded to 15 decimal places, then the shortest round-trip form with
// JavaScript layout (no exponent between 1e-7 and 1e21).
std::string FormatNumber(double v);

}  // namespace sg::expr

#endif  // STEPGUARD_MODEL_EXPR_NUMBER_H_
