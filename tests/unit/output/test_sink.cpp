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

TEST(sink, TableHeaderAboveNoRowsRowsKeyAndTotals) {
  Capture c;
  cs::Record r = pid_comm();
  cs::TableReport t(r);
  t.header_if_empty = true;
  t.rows_key = "entries";
  t.totals = {{"total", 0u}};
  t.text_after = "Total: 0\n";
  cs::make_text_sink(c.out)->table(t);
  EXPECT_EQ(c.take(), "PID    COMM\nTotal: 0\n");
  cs::make_json_sink(c.out)->table(t);
  EXPECT_EQ(c.take(), R"({"type":"table","time":"","entries":[],"total":0})" "\n");
}

// Rows holding rows: a nested record's text columns fill one cell (its
// headers the header's), its keyed columns are a JSON object, or the row's
// own members for a column without a key; below columns are lines under the
// row; text_tables print the same rows again with other columns.
TEST(sink, TablesOfNestedRowsAndLinesBelow) {
  const cs::Record who({{.header = "Tid", .key = "tid"},
                        {.header = "Comm", .key = "comm", .width = 6, .right = true, .gap = 2}});
  const cs::Record times({{.header = "Avg", .width = 6, .right = true},
                          {.header = "N", .key = "count", .width = 3, .right = true},
                          {.key = "avg_ns", .text = false}});
  const cs::Record max_line({{.prefix = "    max by ", .suffix = ","}, {.base = 'x', .prefix = "at 0x"}});
  auto table = [&](bool second) {
    return cs::Record({
        {.width = 16, .right = true, .nested = &who},
        {.key = "wait", .text = !second, .nested = &times},
        {.key = "hold", .text = second, .nested = &times},
        {.key = "stack", .text = false},
        {.width = 16, .right = true, .below = true},
        {.nested = &max_line, .below = true},
    });
  };
  cs::Record waits = table(false), holds = table(true);
  cs::Row who_row(who), wait(times), hold(times), max(max_line);
  who_row[0] = 42u;
  who_row[1] = "a\nb";
  wait[0] = "1.5 us";
  wait[1] = 2u;
  wait[2] = 1500u;
  hold[0] = "9 ns";
  hold[1] = 2u;
  hold[2] = 9u;
  max[0] = 7u;
  max[1] = 0xbeefu;
  std::string_view frames[] = {"f+0x1", "g+0x2", "h+0x3"};

  cs::TableReport t(waits);
  t.before_header = "\n";
  t.header_each_row = true;
  t.text_before = "[t]\n";
  t.text_after = "end\n";
  auto fill = [&](cs::Row& row) {
    row[0] = cs::Value::object(who_row);
    row[1] = cs::Value::object(wait);
    row[2] = cs::Value::object(hold);
    row[3] = std::span<const std::string_view>(frames);
    row[4] = std::span<const std::string_view>(frames).subspan(1);
    row[5] = cs::Value::object(max);
  };
  fill(t.add_row());
  cs::Row& second = t.add_row();
  fill(second);
  second[2] = cs::Value();  // absent: JSON null
  second[4] = cs::Value();  // absent below: no lines
  second[5] = cs::Value();
  fill(t.text_tables.emplace_back(holds).add_row());

  Capture c;
  cs::make_text_sink(c.out)->table(t);
  EXPECT_EQ(c.take(),
            "[t]\n"
            "\n"
            "     Tid    Comm    Avg   N\n"
            "      42    a\\nb 1.5 us   2\n"
            "           g+0x2\n"
            "           h+0x3\n"
            "    max by 7, at 0xbeef\n"
            "\n"
            "     Tid    Comm    Avg   N\n"
            "      42    a\\nb 1.5 us   2\n"
            "     Tid    Comm    Avg   N\n"
            "      42    a\\nb   9 ns   2\n"
            "           g+0x2\n"
            "           h+0x3\n"
            "    max by 7, at 0xbeef\n"
            "end\n");
  cs::make_json_sink(c.out)->table(t);
  EXPECT_EQ(c.take(),
            R"({"type":"table","time":"","rows":[)"
            R"({"tid":42,"comm":"a\nb","wait":{"count":2,"avg_ns":1500},"hold":{"count":2,"avg_ns":9},)"
            R"("stack":["f+0x1","g+0x2","h+0x3"]},)"
            R"({"tid":42,"comm":"a\nb","wait":{"count":2,"avg_ns":1500},"hold":null,)"
            R"("stack":["f+0x1","g+0x2","h+0x3"]}]})"
            "\n");
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
