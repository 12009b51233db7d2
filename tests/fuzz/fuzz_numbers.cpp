// The strict number checks every numeric option runs on its text
// (common/cli/number_text.h): no crash, and a text they pass is plain
// decimal whose value lies in the range, with the refusals worded as promised.
#include <cerrno>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/cli/number_text.h"
#include "fuzz_check.h"

namespace {

// Decimal digits only, at most 2^64-1: what the check must accept.
bool fits_u64(const std::string& t) {
  if (t.empty()) return false;
  for (char c : t)
    if (c < '0' || c > '9') return false;
  size_t first = t.find_first_not_of('0');
  if (first == std::string::npos) return true;
  std::string digits = t.substr(first);
  static const std::string kMax = "18446744073709551615";
  return digits.size() < kMax.size() || (digits.size() == kMax.size() && digits <= kMax);
}

void unsigned_checks(const std::string& t) {
  std::string all = cs::check_unsigned_text(t, 0, UINT64_MAX);
  FUZZ_CHECK(all.empty() == fits_u64(t));
  if (!all.empty()) {
    FUZZ_CHECK(all == "empty value" || all == "'" + t + "' is not a number" ||
               all == t + " is out of range (0 to 18446744073709551615)");
    return;
  }
  uint64_t v = std::strtoull(t.c_str(), nullptr, 10);
  FUZZ_CHECK(cs::check_unsigned_text(t, v, v).empty());
  if (v > 0) FUZZ_CHECK(!cs::check_unsigned_text(t, 0, v - 1).empty());
  if (v < UINT64_MAX) FUZZ_CHECK(!cs::check_unsigned_text(t, v + 1, UINT64_MAX).empty());
  FUZZ_CHECK(cs::check_unsigned_text(t, 1, 0x3fffffff).empty() == (v >= 1 && v <= 0x3fffffff));
}

void real_checks(const std::string& t) {
  std::string all = cs::check_real_text(t, -DBL_MAX, DBL_MAX);
  if (!all.empty()) {
    FUZZ_CHECK(all == "empty value" || all == "'" + t + "' is not a number" ||
               all.rfind(t + " is out of range (", 0) == 0);
    return;
  }
  // Passed: strtod reads all of it, to a finite value, and no hex or words.
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  FUZZ_CHECK(end == t.c_str() + t.size());
  FUZZ_CHECK(std::isfinite(v));
  FUZZ_CHECK(t.find_first_not_of("0123456789.eE+-") == std::string::npos);
  FUZZ_CHECK(cs::check_real_text(t, v, v).empty());
  FUZZ_CHECK(cs::check_real_text(t, 0.001, 1e9).empty() == (v >= 0.001 && v <= 1e9));
  FUZZ_CHECK(!cs::number_for_message(v).empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string t(reinterpret_cast<const char*>(data), size);
  unsigned_checks(t);
  real_checks(t);
  FUZZ_CHECK(cs::check_nonempty_text(t).empty() == !t.empty());
  return 0;
}
