// dashed_long_options: bcc's underscored long options read as the dashed
// ones, and nothing else changes.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "common/cli/underscore_spelling.h"

namespace {

std::vector<std::string> dashed(const std::vector<std::string>& args) {
  static const std::set<std::string> options{"--flag-filter", "--sample_period", "--name", "-n",
                                             "-x"};
  static const std::set<std::string> with_value{"--flag-filter", "--sample_period", "--name",
                                                "-n"};
  return cs::dashed_long_options(
      args, [](const std::string& n) { return options.count(n) > 0; },
      [](const std::string& n) { return with_value.count(n) > 0; });
}

using V = std::vector<std::string>;

TEST(underscore_spelling, UnderscoredNameBecomesTheDashedOption) {
  EXPECT_EQ(dashed({"--flag_filter", "O_RDONLY"}), (V{"--flag-filter", "O_RDONLY"}));
  EXPECT_EQ(dashed({"--flag_filter=O_RDONLY"}), (V{"--flag-filter=O_RDONLY"}));
}

TEST(underscore_spelling, AnOptionSpelledWithUnderscoresStaysAsItIs) {
  EXPECT_EQ(dashed({"--sample_period", "10"}), (V{"--sample_period", "10"}));
}

TEST(underscore_spelling, UnknownNamesAndValuesAreLeftAlone) {
  EXPECT_EQ(dashed({"--no_such_flag"}), (V{"--no_such_flag"}));
  // A value that looks like an option, after its option (long or short).
  EXPECT_EQ(dashed({"--name", "--flag_filter"}), (V{"--name", "--flag_filter"}));
  EXPECT_EQ(dashed({"-n", "--flag_filter"}), (V{"-n", "--flag_filter"}));
  EXPECT_EQ(dashed({"-x", "--flag_filter", "A"}), (V{"-x", "--flag-filter", "A"}));
  // After "--" everything is positional.
  EXPECT_EQ(dashed({"--", "--flag_filter"}), (V{"--", "--flag_filter"}));
  EXPECT_EQ(dashed({"--_", "-", "--"}), (V{"--_", "-", "--"}));
  EXPECT_EQ(dashed({}), V{});
}

}  // namespace
