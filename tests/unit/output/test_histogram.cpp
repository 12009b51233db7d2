// Histogram text must match bcc/libbpf-tools byte for byte: the golden files
// in data/ are real libbpf-tools output; we parse their counts back and
// re-render them.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "common/output/histogram.h"
#include "json_value.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Counts from rows like "         0 -> 1          : 135      |***   |".
std::vector<uint32_t> counts_of(const std::string& text) {
  std::vector<uint32_t> slots;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto colon = line.find(" : ");
    if (line.find("->") == std::string::npos || colon == std::string::npos) continue;
    slots.push_back(static_cast<uint32_t>(std::stoul(line.substr(colon + 3))));
  }
  return slots;
}

TEST(histogram, Log2MatchesLibbpfToolsGolden) {
  for (auto [file, unit] : {std::pair{"log2_libbpf_tools_runqlat.txt", "usecs"},
                            std::pair{"log2_libbpf_tools_runqlat_msecs.txt", "msecs"}}) {
    std::string golden = read_file(std::string(CS_TEST_DATA_DIR) + "/" + file);
    ASSERT_FALSE(golden.empty()) << file;
    std::vector<uint32_t> slots = counts_of(golden);
    slots.resize(27, 0);  // trailing empty slots are not printed
    std::string ours;
    cs::append_log2_hist(ours, slots, unit);
    EXPECT_EQ(ours, golden) << file;
  }
}

TEST(histogram, Log2EmptyPrintsNothing) {
  std::vector<uint32_t> slots(27, 0);
  std::string s;
  cs::append_log2_hist(s, slots, "usecs");
  EXPECT_EQ(s, "");
}

TEST(histogram, Log2WideRangesUseWideColumnsAndHalfBars) {
  std::vector<uint32_t> slots(40, 0);
  slots[0] = 1;
  slots[33] = 2;
  std::string s;
  cs::append_log2_hist(s, slots, "nsecs");
  std::istringstream in(s);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  EXPECT_EQ(header, std::string(15, ' ') + "nsecs" + std::string(24, ' ') + " : count    distribution");
  EXPECT_EQ(first, std::string(19, ' ') + "0 -> 1" + std::string(19, ' ') + " : 1        |" +
                       std::string(10, '*') + std::string(10, ' ') + "|");
  EXPECT_NE(s.find("8589934592 -> 17179869183"), std::string::npos) << s;
}

TEST(histogram, LinearLayout) {
  std::vector<uint32_t> slots{0, 4, 0, 2};
  std::string s;
  cs::append_linear_hist(s, slots, 0, 1, "runqlen");
  EXPECT_EQ(s,
            "     runqlen       : count     distribution\n"
            "        1          : 4        |****************************************|\n"
            "        3          : 2        |********************                    |\n");
}

TEST(histogram, JsonFormsParse) {
  std::vector<uint32_t> slots{3, 0, 5};
  auto j = cstest::parse_json(cs::log2_hist_json(slots, "usecs"));
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["unit"].str, "usecs");
  ASSERT_EQ((*j)["buckets"].items.size(), 3u);
  EXPECT_EQ((*j)["buckets"][2]["low"].num, 4);
  EXPECT_EQ((*j)["buckets"][2]["high"].num, 7);
  EXPECT_EQ((*j)["buckets"][2]["count"].num, 5);
}

}  // namespace
