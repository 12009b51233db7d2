#include "common/cli/number_text.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cs {

namespace {

// The caller escapes the whole message (an argument may hold an ESC).
std::string quoted(const std::string& text) { return "'" + text + "'"; }

std::string out_of_range(const std::string& text, const std::string& min, const std::string& max) {
  return text + " is out of range (" + min + " to " + max + ")";
}

}  // namespace

std::string number_for_message(double v) {
  char buf[64];
  if (std::fabs(v) < 1e18 && v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string check_nonempty_text(const std::string& text) {
  return text.empty() ? "empty value" : "";
}

std::string check_unsigned_text(const std::string& text, uint64_t min, uint64_t max) {
  if (text.empty()) return "empty value";
  bool negative = text[0] == '-';
  size_t digits = negative ? 1 : 0;
  if (digits == text.size()) return quoted(text) + " is not a number";
  for (size_t i = digits; i < text.size(); i++)
    if (text[i] < '0' || text[i] > '9') return quoted(text) + " is not a number";
  std::string lo = std::to_string(min), hi = std::to_string(max);
  if (negative) return out_of_range(text, lo, hi);
  errno = 0;
  unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE || v < min || v > max) return out_of_range(text, lo, hi);
  return "";
}

std::string check_real_text(const std::string& text, double min, double max) {
  if (text.empty()) return "empty value";
  // strtod also reads " 1", "0x1p3", "nan" and "infinity": digits, one dot and
  // an exponent are what a person means by a number of seconds.
  size_t i = text[0] == '-' || text[0] == '+' ? 1 : 0;
  bool digit = false;
  for (; i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.');
       i++)
    digit |= text[i] != '.';
  if (digit && i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    i++;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) i++;
    size_t exp_start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) i++;
    if (i == exp_start) digit = false;
  }
  char* end = nullptr;
  errno = 0;
  double v = digit && i == text.size() ? std::strtod(text.c_str(), &end) : NAN;
  if (!digit || i != text.size() || !end || *end != '\0') return quoted(text) + " is not a number";
  if (errno == ERANGE || !std::isfinite(v) || v < min || v > max)
    return out_of_range(text, number_for_message(min), number_for_message(max));
  return "";
}

}  // namespace cs
