// Per-interrupt tables and histograms in libbpf-tools' hardirqs / softirqs
// layouts, and their JSON.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/summaries/irq_table.h"
#include "json_value.h"

namespace {

const cs::IrqStyle kHard{"hardirq", "HARDIRQ", 26, false};
const cs::IrqStyle kSoft{"softirq", "SOFTIRQ", 16, true};

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
                  cs::IrqColumns columns, bool nsecs) {
  std::string t;
  cs::append_irq_table(t, rows, style, columns, nsecs);
  return t;
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
  std::string t;
  std::vector<cs::IrqRow> rows{row("virtio0-stats", 1, 9000, {0, 0, 0, 1}),
                               row("virtio3-rx", 2, 0, {2})};
  cs::append_irq_hists(t, rows, kHard, false);
  EXPECT_EQ(t,
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
  std::string t;
  cs::append_irq_hists(t, {row("timer", 6, 0, {6})}, kSoft, true);
  EXPECT_EQ(t,
            "softirq = timer\n"
            "     nsecs               : count    distribution\n"
            "         0 -> 1          : 6        |****************************************|\n"
            "\n");
}

TEST(irq_table, Json) {
  std::vector<cs::IrqRow> rows{row("net_rx", 3, 12'345, {0, 3}), row("q\"\n", 1, 999)};
  auto totals =
      cstest::parse_json(cs::irq_rows_json(rows, kSoft, cs::IrqColumns::Time, false, false));
  ASSERT_TRUE(totals);
  ASSERT_EQ(totals->items.size(), 2u);
  EXPECT_EQ((*totals)[0]["softirq"].str, "net_rx");
  EXPECT_EQ((*totals)[0]["count"].num, 3);
  EXPECT_EQ((*totals)[0]["total"].num, 12);
  EXPECT_EQ((*totals)[1]["softirq"].str, "q\"\n");
  EXPECT_EQ((*totals)[1]["total"].num, 0);

  auto counts =
      cstest::parse_json(cs::irq_rows_json(rows, kHard, cs::IrqColumns::Count, false, true));
  ASSERT_TRUE(counts);
  EXPECT_EQ((*counts)[0]["hardirq"].str, "net_rx");
  EXPECT_FALSE((*counts)[0].has("total"));

  auto hists = cstest::parse_json(cs::irq_rows_json(rows, kHard, cs::IrqColumns::Time, true, true));
  ASSERT_TRUE(hists);
  const cstest::JsonValue& h = (*hists)[0]["hist"];
  EXPECT_EQ(h["unit"].str, "nsecs");
  ASSERT_EQ(h["buckets"].items.size(), 2u);
  EXPECT_EQ(h["buckets"][1]["low"].num, 2);
  EXPECT_EQ(h["buckets"][1]["count"].num, 3);
  EXPECT_FALSE((*hists)[0].has("total"));

  EXPECT_EQ(cs::irq_rows_json({}, kHard, cs::IrqColumns::Time, false, false), "[]");
}

}  // namespace
