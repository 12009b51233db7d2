// The text checks behind every numeric option: what is refused and what the
// message says.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "common/cli/number_text.h"

namespace {

using cs::check_real_text;
using cs::check_unsigned_text;

TEST(number_text, UnsignedInRangePasses) {
  EXPECT_EQ(check_unsigned_text("1", 1, 10), "");
  EXPECT_EQ(check_unsigned_text("10", 1, 10), "");
  EXPECT_EQ(check_unsigned_text("18446744073709551615", 0, UINT64_MAX), "");
  EXPECT_EQ(check_unsigned_text("007", 0, 10), "");
}

TEST(number_text, UnsignedPastTwoToThe64IsOutOfRangeNotSaturated) {
  EXPECT_EQ(check_unsigned_text("18446744073709551616", 0, UINT64_MAX),
            "18446744073709551616 is out of range (0 to 18446744073709551615)");
  EXPECT_EQ(check_unsigned_text("99999999999999999999999", 1, 100),
            "99999999999999999999999 is out of range (1 to 100)");
}

TEST(number_text, UnsignedMessagesSayWhatIsWrong) {
  struct Case {
    const char* text;
    uint64_t lo, hi;
    const char* message;
  };
  for (const Case& c : {Case{"abc", 1, 1073741823, "'abc' is not a number"},
                        Case{"12abc", 1, 1073741823, "'12abc' is not a number"},
                        Case{"0x10", 0, 100, "'0x10' is not a number"},
                        Case{" 1", 0, 100, "' 1' is not a number"},
                        Case{"-", 0, 100, "'-' is not a number"},
                        Case{"0", 1, 1073741823, "0 is out of range (1 to 1073741823)"},
                        Case{"-1", 1, 1073741823, "-1 is out of range (1 to 1073741823)"},
                        Case{"", 1, 2, "empty value"}})
    EXPECT_EQ(check_unsigned_text(c.text, c.lo, c.hi), c.message) << c.text;
}

// Within 0.001 to 1e9, as an interval is.
TEST(number_text, RealRefusesNanInfinityAndJunk) {
  for (const char* bad : {"nan", "NaN", "inf", "infinity", "0x1p3", "1s", " 1", ".", "1e"})
    EXPECT_EQ(check_real_text(bad, 0.001, 1e9), std::string("'").append(bad).append("' is not a number"));
  EXPECT_EQ(check_real_text("", 0.001, 1e9), "empty value");
}

TEST(number_text, RealRangeMessageHasPlainNumbers) {
  EXPECT_EQ(check_real_text("0", 0.001, 1e9), "0 is out of range (0.001 to 1000000000)");
  EXPECT_EQ(check_real_text("1e999", 0.001, 1e9), "1e999 is out of range (0.001 to 1000000000)");
  EXPECT_EQ(check_real_text("-2", 0.001, 1e9), "-2 is out of range (0.001 to 1000000000)");
}

TEST(number_text, RealInRangePasses) {
  for (const char* ok : {"1", "0.5", ".5", "2.", "1e3", "1E-2", "+3"})
    EXPECT_EQ(check_real_text(ok, 0.001, 1e9), "") << ok;
}

TEST(number_text, EmptyTextIsRefused) {
  EXPECT_EQ(cs::check_nonempty_text(""), "empty value");
  EXPECT_EQ(cs::check_nonempty_text("x"), "");
}

}  // namespace
