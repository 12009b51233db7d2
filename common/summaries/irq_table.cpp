#include "common/summaries/irq_table.h"

#include <bpf/libbpf.h>

#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/sink.h"

namespace cs {

namespace {

const char* unit_of(bool ns) { return ns ? "nsecs" : "usecs"; }

enum { kName, kTotal, kCount };

}  // namespace

Record irq_record(const IrqStyle& style, IrqColumns text_cols, IrqColumns json_cols, bool ns) {
  Record r({
      {.header = style.column, .key = style.kind, .width = style.name_width},
      {.header = ns ? "TOTAL_nsecs" : "TOTAL_usecs", .key = "total", .width = 11, .right = true},
      {.header = "TOTAL_count", .key = "count", .width = 11, .right = true},
  });
  r[kTotal].text = text_cols != IrqColumns::Count;
  if (json_cols == IrqColumns::Count) r[kTotal].key = {};
  r[kCount].text = text_cols != IrqColumns::Time;
  if (text_cols == IrqColumns::TimeAndCount) r[kCount].gap = 2;
  return r;
}

TableReport irq_table_report(const Record& rec, const IrqStyle& style,
                             const std::vector<IrqRow>& rows, bool ns, IrqColumns json_cols) {
  TableReport t(rec);
  t.rows_key = style.rows_key;
  t.header_if_empty = true;
  if (json_cols != IrqColumns::Count) t.labels = {{"unit", unit_of(ns)}};
  for (const IrqRow& r : rows) {
    Row& row = t.add_row();
    row[kName] = std::string_view(r.name);
    row[kTotal] = ns ? r.stat.total_ns : r.stat.total_ns / 1000;
    row[kCount] = r.stat.count;
  }
  return t;
}

HistogramReport irq_hist_report(const std::vector<IrqRow>& rows, const IrqStyle& style, bool ns) {
  HistogramReport h;
  h.unit = unit_of(ns);
  for (const IrqRow& r : rows) {
    Histogram& hist = h.hists.emplace_back();
    hist.labels = {{style.kind, std::string_view(r.name)}, {"count", r.stat.count}};
    hist.slots.assign(std::begin(r.stat.slots), std::end(r.stat.slots));
    hist.text_before = std::string(style.kind) + " = " + text_escaped(r.name) + "\n";
    if (style.blank_after_hist) hist.text_after = "\n";
  }
  return h;
}

void add_irq_options(Cli& cli, IrqOptions& o, const IrqStyle& style) {
  int cpus = libbpf_num_possible_cpus();
  cli.flag("-C,--count", o.count, style.count_help)
      .flag("-d,--distributed", o.dist, style.dist_help)
      .flag("-N,--nanoseconds", o.ns, "Times in nanoseconds instead of microseconds")
      .flag("-T,--timestamp", o.timestamp, "Print the time (HH:MM:SS) above each summary")
      .option(style.cpu_flag, o.cpu, style.cpu_help, 0, cpus > 0 ? cpus - 1 : UINT32_MAX, "CPU")
      .interval_count();
}

void print_irq_summary(const IrqOptions& o, const std::vector<IrqRow>& rows, const IrqStyle& style,
                       IrqColumns cols, IrqColumns json_cols) {
  std::string now = wall_hms_now();
  std::string before = o.timestamp ? "\n" + now + "\n" : "\n";  // HH:MM:SS: "%-8s" needs no padding
  if (o.dist) {
    HistogramReport h = irq_hist_report(rows, style, o.ns);
    h.time = std::move(now);
    h.text_before = std::move(before);
    sink().histograms(h);
    return;
  }
  Record rec = irq_record(style, cols, json_cols, o.ns);
  TableReport t = irq_table_report(rec, style, rows, o.ns, json_cols);
  t.time = std::move(now);
  t.text_before = std::move(before);
  sink().table(t);
}

}  // namespace cs
