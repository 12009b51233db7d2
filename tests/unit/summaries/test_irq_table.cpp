// Per-interrupt tables and histograms in libbpf-tools' hardirqs / softirqs
// layouts, and their JSON.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/output/sink.h"
#include "common/summaries/irq_table.h"

namespace {

const cs::IrqStyle kHard{.kind = "hardirq", .rows_key = "hardirqs", .column = "HARDIRQ",
                         .name_width = 26, .blank_after_hist = false};
const cs::IrqStyle kSoft{.kind = "softirq", .rows_key = "softirqs", .column = "SOFTIRQ",
                         .name_width = 16, .blank_after_hist = true};

cs::IrqRow row(const std::string& name, uint64_t count, uint64_t total_ns,
               std::initializer_list<uint32_t> slots = {}) {
  cs::IrqRow r{name, {}};
  r.stat.count = count;
  r.stat.total_ns = total_ns;
  size_t i = 0;
  for (uint32_t s : slots) r.stat.slots[i++] = s;
  return r;
}

std::string table(const std::vector<cs::IrqRow>& rows, const cs::IrqStyle& style,
                  cs::IrqColumns columns, bool nsecs, bool json = false,
                  cs::IrqColumns json_columns = cs::IrqColumns::TimeAndCount) {
  cs::Output out(-1);
  auto sink = json ? cs::make_json_sink(out) : cs::make_text_sink(out);
  cs::Record rec = cs::irq_record(style, columns, json_columns, nsecs);
  sink->table(cs::irq_table_report(rec, style, rows, nsecs, json_columns));
  return out.buffer();
}

std::string hists(const std::vector<cs::IrqRow>& rows, const cs::IrqStyle& style, bool nsecs,
                  bool json = false) {
  cs::Output out(-1);
  auto sink = json ? cs::make_json_sink(out) : cs::make_text_sink(out);
  sink->histograms(cs::irq_hist_report(rows, style, nsecs));
  return out.buffer();
}

// libbpf-tools' layouts: "%-26s %11llu" for hardirqs, "%-16s %11llu" for
// softirqs, a count column after the time with both; the header alone for
// an empty interval.
TEST(irq_table, TablesInTheToolsLayouts) {
  struct Case {
    const char* what;
    std::vector<cs::IrqRow> rows;
    const cs::IrqStyle& style;
    cs::IrqColumns columns;
    bool nsecs;
    const char* text;
  };
  const Case cases[] = {
      {"hardirqs time",
       {row("virtio1-req.0", 9, 96'999), row("virtio3-tx", 1, 40'000)},
       kHard, cs::IrqColumns::Time, false,
       "HARDIRQ                    TOTAL_usecs\n"
       "virtio1-req.0                       96\n"
       "virtio3-tx                          40\n"},
      {"hardirqs count", {row("virtio1-req.0", 9, 0)}, kHard, cs::IrqColumns::Count, false,
       "HARDIRQ                    TOTAL_count\n"
       "virtio1-req.0                        9\n"},
      {"softirqs nsecs", {row("timer", 47, 429'000)}, kSoft, cs::IrqColumns::Time, true,
       "SOFTIRQ          TOTAL_nsecs\n"
       "timer                 429000\n"},
      {"softirqs time and count", {row("timer", 47, 189'500), row("rcu", 102, 476'000)}, kSoft,
       cs::IrqColumns::TimeAndCount, false,
       "SOFTIRQ          TOTAL_usecs  TOTAL_count\n"
       "timer                    189           47\n"
       "rcu                      476          102\n"},
      {"empty interval", {}, kHard, cs::IrqColumns::Time, false,
       "HARDIRQ                    TOTAL_usecs\n"},
  };
  for (const Case& c : cases) EXPECT_EQ(table(c.rows, c.style, c.columns, c.nsecs), c.text) << c.what;
}

// Names come from drivers: control bytes are escaped in text.
TEST(irq_table, NamesAreEscapedInText) {
  std::string t = table({row("ev\x1b[1m\nil", 1, 1000)}, kHard, cs::IrqColumns::Count, false);
  EXPECT_EQ(t.find('\x1b'), std::string::npos);
  EXPECT_NE(t.find("ev\\e[1m\\nil"), std::string::npos) << t;
}

TEST(irq_table, HardirqsHistogramsHaveNoBlankLines) {
  std::vector<cs::IrqRow> rows{row("virtio0-stats", 1, 9000, {0, 0, 0, 1}),
                               row("virtio3-rx", 2, 0, {2})};
  EXPECT_EQ(hists(rows, kHard, false),
            "hardirq = virtio0-stats\n"
            "     usecs               : count    distribution\n"
            "         0 -> 1          : 0        |                                        |\n"
            "         2 -> 3          : 0        |                                        |\n"
            "         4 -> 7          : 0        |                                        |\n"
            "         8 -> 15         : 1        |****************************************|\n"
            "hardirq = virtio3-rx\n"
            "     usecs               : count    distribution\n"
            "         0 -> 1          : 2        |****************************************|\n");
}

TEST(irq_table, SoftirqsHistogramsEndWithABlankLine) {
  EXPECT_EQ(hists({row("timer", 6, 0, {6})}, kSoft, true),
            "softirq = timer\n"
            "     nsecs               : count    distribution\n"
            "         0 -> 1          : 6        |****************************************|\n"
            "\n");
}

// One object per line: the rows (their "total" unless only runs are
// counted), the unit beside them; -d's histograms in docs/json.md's shape.
TEST(irq_table, Json) {
  std::vector<cs::IrqRow> rows{row("net_rx", 3, 12'345, {0, 3}), row("q\"\n", 1, 999)};
  EXPECT_EQ(table(rows, kSoft, cs::IrqColumns::Count, false, true),
            R"({"type":"table","time":"","unit":"usecs","softirqs":[)"
            R"({"softirq":"net_rx","total":12,"count":3},{"softirq":"q\"\n","total":0,"count":1}]})"
            "\n");
  EXPECT_EQ(table(rows, kHard, cs::IrqColumns::Count, true, true, cs::IrqColumns::Count),
            R"({"type":"table","time":"","hardirqs":[{"hardirq":"net_rx","count":3},{"hardirq":"q\"\n","count":1}]})"
            "\n");
  EXPECT_EQ(hists(rows, kHard, true, true),
            R"({"type":"histogram","time":"","unit":"nsecs","hists":[)"
            R"({"hardirq":"net_rx","count":3,"buckets":[{"low":0,"high":1,"count":0},{"low":2,"high":3,"count":3}]},)"
            R"({"hardirq":"q\"\n","count":1,"buckets":[]}]})"
            "\n");
  EXPECT_EQ(table({}, kHard, cs::IrqColumns::Time, false, true),
            R"({"type":"table","time":"","unit":"usecs","hardirqs":[]})" "\n");
}

}  // namespace
