// One interval of per-interrupt statistics (struct cs_irq_stat, one row per
// handler or softirq vector) in the layouts libbpf-tools' hardirqs and
// softirqs print, and as JSON.
//
//   HARDIRQ                    TOTAL_usecs          <- table (default)
//   virtio1-req.0                       96
//
//   hardirq = virtio1-req.0                          <- histograms (-d)
//        usecs               : count    distribution
//            2 -> 3          : 6        |**********|
#pragma once
#include <linux/types.h>

#include <string>
#include <vector>

#include "bpf/include/irq_stat.h"
#include "common/cli/cli.h"

namespace cs {

struct IrqRow {
  std::string name;  // raw bytes from the kernel; escaped when printed as text
  cs_irq_stat stat;
};

// What differs between the two tools' layouts.
struct IrqStyle {
  const char* kind;        // "hardirq": histogram headers "hardirq = NAME", JSON key
  const char* column;      // "HARDIRQ": first column's title
  int name_width;          // width of the first column
  bool blank_after_hist;   // an empty line after each histogram (softirqs)
};

// Which totals the table shows: time ("TOTAL_usecs"), the number of runs
// ("TOTAL_count"), or both columns.
enum class IrqColumns { Time, Count, TimeAndCount };

// Header line and one row per entry; times in usecs, or nsecs with ns.
void append_irq_table(std::string& dst, const std::vector<IrqRow>& rows, const IrqStyle& style,
                      IrqColumns cols, bool ns);

// "<kind> = NAME" and its log2 histogram, per entry.
void append_irq_hists(std::string& dst, const std::vector<IrqRow>& rows, const IrqStyle& style,
                      bool ns);

// JSON array, one object per entry: {"<kind>":NAME,"count":N} plus
// "total":T (Time, TimeAndCount) or "hist":{...} (hists).
std::string irq_rows_json(const std::vector<IrqRow>& rows, const IrqStyle& style, IrqColumns cols,
                          bool hists, bool ns);

// The flags hardirqs and softirqs share: -C -d -N -T, a CPU filter, and
// [interval] [count].
struct IrqOptions {
  bool count = false, dist = false, ns = false, timestamp = false;
  uint32_t cpu = 0;
};
struct IrqHelp {
  const char* count;     // -C
  const char* dist;      // -d
  const char* cpu_flag;  // "-s,--cpu" (hardirqs) or "-c,--cpu" (softirqs)
  const char* cpu;
};
void add_irq_options(Cli& cli, IrqOptions& o, const IrqHelp& help);

// One summary on stdout: the table or histograms (-d) with -T's time above,
// or one JSON line ("table" or "histogram") holding `json_cols`; the JSON
// names the unit unless only runs are counted.
void print_irq_summary(const Common& c, const IrqOptions& o, const std::vector<IrqRow>& rows,
                       const IrqStyle& style, IrqColumns cols, IrqColumns json_cols);

}  // namespace cs
