// One interval of per-interrupt statistics (struct cs_irq_stat, one row per
// handler or softirq vector) as a report: the text sink prints the layouts
// libbpf-tools' hardirqs and softirqs print, the JSON sink one object.
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
#include "common/output/report.h"

namespace cs {

struct IrqRow {
  std::string name;  // raw bytes from the kernel; escaped when printed as text
  cs_irq_stat stat;
};

// What differs between the two tools: layout, and the help of their flags.
struct IrqStyle {
  const char* kind;        // "hardirq": histogram headers "hardirq = NAME", JSON key
  const char* rows_key;    // "hardirqs": the JSON table's rows
  const char* column;      // "HARDIRQ": first column's title
  int name_width;          // width of the first column
  bool blank_after_hist;   // an empty line after each histogram (softirqs)
  const char* count_help = nullptr;  // -C
  const char* dist_help = nullptr;   // -d
  const char* cpu_flag = nullptr;    // "-s,--cpu" (hardirqs) or "-c,--cpu" (softirqs)
  const char* cpu_help = nullptr;
};

// Which totals a table shows: time ("TOTAL_usecs"), the number of runs
// ("TOTAL_count"), or both columns.
enum class IrqColumns { Time, Count, TimeAndCount };

// The table's record: text shows `text_cols`, JSON {"<kind>":NAME,
// "total":T,"count":N} without "total" when json_cols is Count; times in
// usecs, or nsecs with ns.
Record irq_record(const IrqStyle& style, IrqColumns text_cols, IrqColumns json_cols, bool ns);

// The table of one interval: the header also above no rows; JSON names the
// unit unless json_cols is Count.  The rows must outlive it.
TableReport irq_table_report(const Record& rec, const IrqStyle& style,
                             const std::vector<IrqRow>& rows, bool ns, IrqColumns json_cols);

// "<kind> = NAME" and its log2 histogram, per entry; JSON labels are the
// name and "count".  The rows must outlive it.
HistogramReport irq_hist_report(const std::vector<IrqRow>& rows, const IrqStyle& style, bool ns);

// The flags hardirqs and softirqs share: -C -d -N -T, a CPU filter, and
// [interval] [count].
struct IrqOptions {
  bool count = false, dist = false, ns = false, timestamp = false;
  uint32_t cpu = 0;
};
void add_irq_options(Cli& cli, IrqOptions& o, const IrqStyle& style);

// One summary on the sink: the table or histograms (-d) with -T's time
// above; JSON holds `json_cols`.
void print_irq_summary(const IrqOptions& o, const std::vector<IrqRow>& rows, const IrqStyle& style,
                       IrqColumns cols, IrqColumns json_cols);

}  // namespace cs
