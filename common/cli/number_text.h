// Strict reading of numbers given on the command line.
//
// CLI11's own conversion saturates 18446744073709551616 to 2^64-1 and takes
// "nan" for a double (every range check is false for nan), so each numeric
// option checks the text itself first: decimal digits only for integers, a
// finite decimal for reals, and the range, with a message that says which.
#pragma once
#include <cstdint>
#include <string>

namespace cs {

// Empty when `text` is a decimal integer in [min, max]; otherwise why not,
// e.g. "'12abc' is not a number", "0 is out of range (1 to 1073741823)".
std::string check_unsigned_text(const std::string& text, uint64_t min, uint64_t max);
// The same for a real number (seconds, ratios): "nan" and "inf" are refused.
std::string check_real_text(const std::string& text, double min, double max);
// A value for an option that takes text: empty text is refused.
std::string check_nonempty_text(const std::string& text);
// A number for a message: 0.001, 1000000000, 1.5 (no trailing zeros).
std::string number_for_message(double v);

}  // namespace cs
