// Sinks: the same records and reports as text layouts and typed JSON lines.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/output/sink.h"
#include "json_value.h"

namespace {

// An Output whose buffer the test reads before anything is written.
struct Capture {
  cs::Output out{-1};
  std::string take() {
    std::string s = out.buffer();
    out.buffer().clear();
    return s;
  }
};

cs::Record pid_comm() {
  return cs::Record({{.header = "PID", .key = "pid", .width = 6}, {.header = "COMM", .key = "comm"}});
}

TEST(sink, EventsAsTextAndJson) {
  Capture c;
  cs::Record r = pid_comm();
  cs::Row row(r);
  row[0] = 1u;
  row[1] = "init";
  auto text = cs::make_text_sink(c.out);
  text->header(r);
  text->event(r, row);
  EXPECT_EQ(c.take(), "PID    COMM\n1      init\n");
  auto json = cs::make_json_sink(c.out);
  json->header(r);
  json->event(r, row);
  EXPECT_EQ(c.take(), "{\"type\":\"event\",\"pid\":1,\"comm\":\"init\"}\n");
}

cs::HistogramReport keyed() {
  cs::HistogramReport h;
  h.unit = "usecs";
  h.time = "12:00:00";
  h.text_before = "\n";
  cs::Histogram& a = h.hists.emplace_back();
  a.slots = {0, 2, 1};
  a.labels = {{"pid", 5u}, {"comm", "sh"}};
  a.text_before = "\npid = 5 sh\n";
  cs::Histogram& b = h.hists.emplace_back();
  b.scale = cs::Histogram::Scale::Linear;
  b.base = 10;
  b.step = 5;
  b.slots = {1, 0, 3};
  return h;
}

TEST(sink, HistogramsAsTextInBccLayout) {
  Capture c;
  cs::make_text_sink(c.out)->histograms(keyed());
  EXPECT_EQ(c.take(),
            "\n\npid = 5 sh\n"
            "     usecs               : count    distribution\n"
            "         0 -> 1          : 0        |                                        |\n"
            "         2 -> 3          : 2        |****************************************|\n"
            "         4 -> 7          : 1        |********************                    |\n"
            "     usecs         : count     distribution\n"
            "        10         : 1        |*************                           |\n"
            "        20         : 3        |****************************************|\n");
}

TEST(sink, HistogramsAsOneNestedJsonLine) {
  Capture c;
  cs::make_json_sink(c.out)->histograms(keyed());
  std::string line = c.take();
  EXPECT_EQ(line,
            R"({"type":"histogram","time":"12:00:00","unit":"usecs","hists":[)"
            R"({"pid":5,"comm":"sh","buckets":[{"low":0,"high":1,"count":0},{"low":2,"high":3,"count":2},)"
            R"({"low":4,"high":7,"count":1}]},)"
            R"({"buckets":[{"value":10,"count":1},{"value":20,"count":3}]}]})"
            "\n");
  EXPECT_TRUE(cstest::parse_json(line));
}

// cpufreq's layout: each histogram names its own text unit (a process name),
// while JSON keeps the report's unit and the labels.
TEST(sink, HistogramTextUnitIsTextOnly) {
  cs::HistogramReport h;
  h.unit = "MHz";
  h.time = "12:00:00";
  h.text_before = "\n";
  for (std::vector<uint32_t> slots : {std::vector<uint32_t>{0, 0, 4}, {0, 1, 4}}) {
    cs::Histogram& m = h.hists.emplace_back();
    m.scale = cs::Histogram::Scale::Linear;
    m.step = 200;
    m.slots = slots;
  }
  h.hists[0].text_unit = "sh\\x01";
  h.hists[0].text_after = "\n";
  h.hists[0].labels = {{"comm", "sh\x01"}};
  h.hists[1].text_before = "\n";
  h.hists[1].text_unit = "syswide";
  h.hists[1].labels = {{"comm", cs::Value()}};
  Capture c;
  cs::make_text_sink(c.out)->histograms(h);
  EXPECT_EQ(c.take(),
            "\n"
            "     sh\\x01        : count     distribution\n"
            "        400        : 4        |****************************************|\n"
            "\n\n"
            "     syswide       : count     distribution\n"
            "        200        : 1        |**********                              |\n"
            "        400        : 4        |****************************************|\n");
  cs::make_json_sink(c.out)->histograms(h);
  EXPECT_EQ(c.take(),
            R"({"type":"histogram","time":"12:00:00","unit":"MHz","hists":[)"
            R"({"comm":"sh\u0001","buckets":[{"value":400,"count":4}]},)"
            R"({"comm":null,"buckets":[{"value":200,"count":1},{"value":400,"count":4}]}]})"
            "\n");
}

// futexctn's: the array is named for what it holds, and a label can be a
// list (a stack's frames, innermost first).
TEST(sink, HistogramsArrayNameAndListLabels) {
  cs::HistogramReport h;
  h.unit = "usecs";
  h.time = "12:00:00";
  h.hists_key = "locks";
  std::vector<std::string_view> frames{"lock_wait", "main"};
  cs::Histogram& a = h.hists.emplace_back();
  a.slots = {1};
  a.labels = {{"lock", "0x10"}, {"ustack", cs::Value(frames)}};
  cs::Histogram& b = h.hists.emplace_back();
  b.labels = {{"lock", "0x20"}, {"ustack", cs::Value(std::span<const std::string_view>())}};
  Capture c;
  cs::make_json_sink(c.out)->histograms(h);
  std::string line = c.take();
  EXPECT_EQ(line,
            R"({"type":"histogram","time":"12:00:00","unit":"usecs","locks":[)"
            R"({"lock":"0x10","ustack":["lock_wait","main"],"buckets":[{"low":0,"high":1,"count":1}]},)"
            R"({"lock":"0x20","ustack":[],"buckets":[]}]})"
            "\n");
  EXPECT_TRUE(cstest::parse_json(line));
}

TEST(sink, TablesWithHeaderOnlyWhenRowsExist) {
  Capture c;
  cs::Record r = pid_comm();
  cs::TableReport t(r);
  t.time = "01:02:03";
  t.text_before = "[01:02:03]\n";
  t.text_after = "\n";
  auto text = cs::make_text_sink(c.out);
  text->table(t);
  EXPECT_EQ(c.take(), "[01:02:03]\n\n");
  cs::Row& row = t.add_row();
  row[0] = 9u;
  row[1] = "x";
  text->table(t);
  EXPECT_EQ(c.take(), "[01:02:03]\nPID    COMM\n9      x\n\n");
  cs::make_json_sink(c.out)->table(t);
  EXPECT_EQ(c.take(), R"({"type":"table","time":"01:02:03","rows":[{"pid":9,"comm":"x"}]})" "\n");
}

TEST(sink, NoticesAreTypedJsonAndSilentInText) {
  Capture c;
  auto text = cs::make_text_sink(c.out);
  text->lost(3);
  text->warning("w");
  EXPECT_EQ(c.take(), "");
  auto json = cs::make_json_sink(c.out);
  json->lost(3);
  json->warning("careful \x1b");
  EXPECT_EQ(c.take(), "{\"type\":\"lost\",\"events\":3}\n"
                      "{\"type\":\"warning\",\"message\":\"careful \\u001B\"}\n");
}

}  // namespace
