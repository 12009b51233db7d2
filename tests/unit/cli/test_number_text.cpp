// The text checks behind every numeric option: what is refused and what the
// message says.
#include <gtest/gtest.h>

#include <cstdint>

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
  EXPECT_EQ(check_unsigned_text("abc", 1, 1073741823), "'abc' is not a number");
  EXPECT_EQ(check_unsigned_text("12abc", 1, 1073741823), "'12abc' is not a number");
  EXPECT_EQ(check_unsigned_text("0x10", 0, 100), "'0x10' is not a number");
  EXPECT_EQ(check_unsigned_text(" 1", 0, 100), "' 1' is not a number");
  EXPECT_EQ(check_unsigned_text("-", 0, 100), "'-' is not a number");
  EXPECT_EQ(check_unsigned_text("0", 1, 1073741823), "0 is out of range (1 to 1073741823)");
  EXPECT_EQ(check_unsigned_text("-1", 1, 1073741823), "-1 is out of range (1 to 1073741823)");
  EXPECT_EQ(check_unsigned_text("", 1, 2), "empty value");
}

TEST(number_text, RealRefusesNanInfinityAndJunk) {
  EXPECT_EQ(check_real_text("nan", 0.001, 1e9), "'nan' is not a number");
  EXPECT_EQ(check_real_text("NaN", 0.001, 1e9), "'NaN' is not a number");
  EXPECT_EQ(check_real_text("inf", 0.001, 1e9), "'inf' is not a number");
  EXPECT_EQ(check_real_text("infinity", 0.001, 1e9), "'infinity' is not a number");
  EXPECT_EQ(check_real_text("0x1p3", 0.001, 1e9), "'0x1p3' is not a number");
  EXPECT_EQ(check_real_text("1s", 0.001, 1e9), "'1s' is not a number");
  EXPECT_EQ(check_real_text(" 1", 0.001, 1e9), "' 1' is not a number");
  EXPECT_EQ(check_real_text(".", 0.001, 1e9), "'.' is not a number");
  EXPECT_EQ(check_real_text("1e", 0.001, 1e9), "'1e' is not a number");
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
