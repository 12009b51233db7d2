// Keyed histograms: text in libbpf-tools' per-key layout and the JSON array.
// The map-reading half needs BPF and is covered by the tools' live tests.
#include <gtest/gtest.h>

#include <vector>

#include "common/output/histogram.h"
#include "common/output/keyed_hist.h"
#include "json_value.h"

namespace {

std::vector<uint32_t> slots(std::initializer_list<uint32_t> head) {
  std::vector<uint32_t> s(head);
  s.resize(27, 0);
  return s;
}

cs::HistSection pid_section(uint32_t pid, const std::string& comm, std::vector<uint32_t> sl) {
  cs::HistSection s;
  s.header = "pid = " + std::to_string(pid) + " " + comm;
  s.key.unum("pid", pid).str("comm", comm);
  s.slots = std::move(sl);
  return s;
}

// The layout `runqlat -P` (libbpf-tools) prints for two processes.
TEST(keyed_hist, TextMatchesLibbpfToolsPerKeyLayout) {
  std::vector<cs::HistSection> secs;
  secs.push_back(pid_section(6845, "bash", slots({0, 0, 0, 1})));
  secs.push_back(pid_section(6369, "sshd", slots({0, 0, 0, 0, 1, 1})));
  std::string text;
  cs::append_keyed_log2_hists(text, secs, "usecs");
  EXPECT_EQ(text,
            "\n"
            "pid = 6845 bash\n"
            "     usecs               : count    distribution\n"
            "         0 -> 1          : 0        |                                        |\n"
            "         2 -> 3          : 0        |                                        |\n"
            "         4 -> 7          : 0        |                                        |\n"
            "         8 -> 15         : 1        |****************************************|\n"
            "\n"
            "pid = 6369 sshd\n"
            "     usecs               : count    distribution\n"
            "         0 -> 1          : 0        |                                        |\n"
            "         2 -> 3          : 0        |                                        |\n"
            "         4 -> 7          : 0        |                                        |\n"
            "         8 -> 15         : 0        |                                        |\n"
            "        16 -> 31         : 1        |****************************************|\n"
            "        32 -> 63         : 1        |****************************************|\n");
}

// No header: exactly the plain histogram, no blank line (unkeyed tools).
TEST(keyed_hist, UnkeyedSectionIsThePlainHistogram) {
  std::vector<cs::HistSection> secs(1);
  secs[0].slots = slots({5, 2, 0, 1});
  std::string keyed, plain;
  cs::append_keyed_log2_hists(keyed, secs, "msecs");
  cs::append_log2_hist(plain, secs[0].slots, "msecs");
  EXPECT_EQ(keyed, plain);
  EXPECT_EQ(keyed.rfind("     msecs ", 0), 0u) << keyed;
}

TEST(keyed_hist, EmptySectionsAndEmptyListPrintHeadersOnly) {
  std::string text;
  cs::append_keyed_log2_hists(text, {}, "usecs");
  EXPECT_EQ(text, "");
  std::vector<cs::HistSection> secs;
  secs.push_back(pid_section(1, "init", slots({})));
  cs::append_keyed_log2_hists(text, secs, "usecs");
  EXPECT_EQ(text, "\npid = 1 init\n");
}

TEST(keyed_hist, JsonArrayCarriesKeyFieldsAndBuckets) {
  std::vector<cs::HistSection> secs;
  secs.push_back(pid_section(42, "a \"quoted\"\n name", slots({3, 0, 7})));
  secs.push_back(pid_section(7, "b", slots({})));
  std::string json = cs::keyed_log2_hists_json(secs, "usecs");
  EXPECT_EQ(json.find('\n'), std::string::npos) << "must fit in one NDJSON line";
  auto v = cstest::parse_json(json);
  ASSERT_TRUE(v) << json;
  ASSERT_EQ(v->kind, cstest::JsonValue::Array);
  ASSERT_EQ(v->items.size(), 2u);
  const auto& a = (*v)[0];
  EXPECT_EQ(a["pid"].num, 42);
  EXPECT_EQ(a["comm"].str, "a \"quoted\"\n name");
  EXPECT_EQ(a["hist"]["unit"].str, "usecs");
  const auto& b = a["hist"]["buckets"];
  ASSERT_EQ(b.items.size(), 3u);
  EXPECT_EQ(b[0]["low"].num, 0);
  EXPECT_EQ(b[0]["high"].num, 1);
  EXPECT_EQ(b[0]["count"].num, 3);
  EXPECT_EQ(b[2]["low"].num, 4);
  EXPECT_EQ(b[2]["high"].num, 7);
  EXPECT_EQ(b[2]["count"].num, 7);
  EXPECT_EQ((*v)[1]["pid"].num, 7);
  EXPECT_TRUE((*v)[1]["hist"]["buckets"].items.empty());
  // The section itself is left untouched: it can be rendered again.
  EXPECT_EQ(cs::keyed_log2_hists_json(secs, "usecs"), json);
  EXPECT_EQ(cs::keyed_log2_hists_json({}, "usecs"), "[]");
}

}  // namespace
