// Per-task histogram intervals (common/summaries/task_hists.h): the text
// runqlat and cpudist print in libbpf-tools' layout, unkeyed and keyed, with
// -T, and the JSON line per interval.  Reading the map needs BPF: the tools'
// live tests.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "common/output/sink.h"
#include "common/summaries/task_hists.h"
#include "json_value.h"

namespace {

std::string render(std::span<const cs::TaskHistEntry> h, const cs::TaskHistFormat& f,
                   const std::string& now, bool json = false) {
  cs::Output out(-1);
  auto sink = json ? cs::make_json_sink(out) : cs::make_text_sink(out);
  sink->histograms(cs::task_hist_report(h, f, now));
  return out.buffer();
}

cs::TaskHistEntry entry(uint32_t key, const char* comm, std::initializer_list<uint32_t> head) {
  cs::TaskHistEntry e{key, {}};
  std::memset(&e.second, 0, sizeof e.second);
  size_t i = 0;
  for (uint32_t v : head) e.second.slots[i++] = v;
  std::strncpy(e.second.comm, comm, sizeof e.second.comm);
  return e;
}

TEST(task_hists, UnkeyedTextIsBlankLineAndHistogram) {
  std::vector<cs::TaskHistEntry> h{entry(CS_TASK_KEY_ALL, "ignored", {2, 0, 1})};
  std::string text = render(h, {}, "12:34:56");
  EXPECT_EQ(text,
            "\n"
            "     usecs               : count    distribution\n"
            "         0 -> 1          : 2        |****************************************|\n"
            "         2 -> 3          : 0        |                                        |\n"
            "         4 -> 7          : 1        |********************                    |\n");
}

TEST(task_hists, KeyedTextWithTimestamp) {
  std::vector<cs::TaskHistEntry> h{entry(42, "bash", {0, 1}), entry(7, "esc\x1b[1m", {1})};
  cs::TaskHistFormat f;
  f.key_mode = CS_TASK_KEY_TID;
  f.unit = "msecs";
  f.timestamp = true;
  std::string text = render(h, f, "01:02:03");
  EXPECT_EQ(text,
            "\n"
            "01:02:03\n"
            "\n"
            "tid = 42 bash\n"
            "     msecs               : count    distribution\n"
            "         0 -> 1          : 0        |                                        |\n"
            "         2 -> 3          : 1        |****************************************|\n"
            "\n"
            "tid = 7 esc\\e[1m\n"
            "     msecs               : count    distribution\n"
            "         0 -> 1          : 1        |****************************************|\n");
}

TEST(task_hists, EmptyIntervalPrintsOnlyTheSeparator) {
  cs::TaskHistFormat f;
  f.key_mode = CS_TASK_KEY_PID;
  std::string text = render({}, f, "00:00:00");
  EXPECT_EQ(text, "\n");
}

TEST(task_hists, JsonUnkeyedAndKeyed) {
  cs::TaskHistFormat f;
  std::vector<cs::TaskHistEntry> one{entry(CS_TASK_KEY_ALL, "x", {0, 3})};
  EXPECT_EQ(render(one, f, "10:00:00", true),
            "{\"type\":\"histogram\",\"time\":\"10:00:00\",\"unit\":\"usecs\",\"hists\":[{\"buckets\":["
            "{\"low\":0,\"high\":1,\"count\":0},{\"low\":2,\"high\":3,\"count\":3}]}]}\n");
  EXPECT_EQ(render({}, f, "10:00:01", true),
            "{\"type\":\"histogram\",\"time\":\"10:00:01\",\"unit\":\"usecs\",\"hists\":[{\"buckets\":[]}]}\n");

  f.key_mode = CS_TASK_KEY_PID;
  std::vector<cs::TaskHistEntry> two{entry(1, "init", {1}), entry(99, "a\"b\n", {0, 0, 2})};
  std::string keyed = render(two, f, "10:00:02", true);
  auto parsed = cstest::parse_json(keyed);
  ASSERT_TRUE(parsed) << keyed;
  const cstest::JsonValue& j = *parsed;
  EXPECT_EQ(j["type"].str, "histogram");
  EXPECT_EQ(j["time"].str, "10:00:02");
  ASSERT_EQ(j["hists"].items.size(), 2u);
  EXPECT_EQ(j["hists"].items[0]["pid"].num, 1);
  EXPECT_EQ(j["hists"].items[0]["comm"].str, "init");
  EXPECT_EQ(j["hists"].items[1]["pid"].num, 99);
  EXPECT_EQ(j["hists"].items[1]["comm"].str, "a\"b\n");  // raw bytes survive in JSON
  EXPECT_EQ(j["hists"].items[1]["buckets"].items[2]["count"].num, 2);
  EXPECT_EQ(render({}, f, "10:00:03", true),
            "{\"type\":\"histogram\",\"time\":\"10:00:03\",\"unit\":\"usecs\",\"hists\":[]}\n");
}

TEST(task_hists, KeyNames) {
  EXPECT_STREQ(cs::task_key_name(CS_TASK_KEY_NONE), "");
  EXPECT_STREQ(cs::task_key_name(CS_TASK_KEY_PID), "pid");
  EXPECT_STREQ(cs::task_key_name(CS_TASK_KEY_TID), "tid");
  EXPECT_STREQ(cs::task_key_name(CS_TASK_KEY_PIDNS), "pidns");
}

}  // namespace
