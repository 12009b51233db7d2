#include "common/summaries/irq_table.h"

#include <bpf/libbpf.h>

#include <cinttypes>
#include <cstdio>

#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/histogram.h"
#include "common/output/json.h"
#include "common/output/output.h"

namespace cs {

namespace {

const char* unit_of(bool ns) { return ns ? "nsecs" : "usecs"; }

uint64_t total_in_unit(const cs_irq_stat& s, bool ns) {
  return ns ? s.total_ns : s.total_ns / 1000;
}

void append_padded(std::string& dst, const std::string& s, int width) {
  size_t start = dst.size();
  dst += s;
  size_t len = dst.size() - start;
  if (len < static_cast<size_t>(width)) dst.append(width - len, ' ');
}

void append_u64(std::string& dst, const char* fmt, uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, fmt, v);
  dst += buf;
}

}  // namespace

void append_irq_table(std::string& dst, const std::vector<IrqRow>& rows, const IrqStyle& style,
                      IrqColumns cols, bool ns) {
  append_padded(dst, style.column, style.name_width);
  dst += ' ';
  if (cols == IrqColumns::Count) {
    dst += "TOTAL_count";
  } else {
    append_padded(dst, "TOTAL_", 6);
    dst += unit_of(ns);
    if (cols == IrqColumns::TimeAndCount) dst += "  TOTAL_count";
  }
  dst += '\n';
  for (const IrqRow& r : rows) {
    append_padded(dst, text_escaped(r.name), style.name_width);
    uint64_t first = cols == IrqColumns::Count ? r.stat.count : total_in_unit(r.stat, ns);
    append_u64(dst, " %11" PRIu64, first);
    if (cols == IrqColumns::TimeAndCount) append_u64(dst, "  %11" PRIu64, r.stat.count);
    dst += '\n';
  }
}

void append_irq_hists(std::string& dst, const std::vector<IrqRow>& rows, const IrqStyle& style,
                      bool ns) {
  for (const IrqRow& r : rows) {
    dst += style.kind;
    dst += " = ";
    append_text_escaped(dst, r.name);
    dst += '\n';
    append_log2_hist(dst, r.stat.slots, unit_of(ns));
    if (style.blank_after_hist) dst += '\n';
  }
}

std::string irq_rows_json(const std::vector<IrqRow>& rows, const IrqStyle& style, IrqColumns cols,
                          bool hists, bool ns) {
  std::string r = "[";
  for (const IrqRow& row : rows) {
    if (r.size() > 1) r += ',';
    Json j;
    j.str(style.kind, row.name).unum("count", row.stat.count);
    if (hists)
      j.raw("hist", log2_hist_json(row.stat.slots, unit_of(ns)));
    else if (cols != IrqColumns::Count)
      j.unum("total", total_in_unit(row.stat, ns));
    std::string obj = j.end();
    obj.pop_back();  // end() adds a newline
    r += obj;
  }
  r += ']';
  return r;
}

void add_irq_options(Cli& cli, IrqOptions& o, const IrqHelp& help) {
  int cpus = libbpf_num_possible_cpus();
  cli.flag("-C,--count", o.count, help.count)
      .flag("-d,--distributed", o.dist, help.dist)
      .flag("-N,--nanoseconds", o.ns, "Times in nanoseconds instead of microseconds")
      .flag("-T,--timestamp", o.timestamp, "Print the time (HH:MM:SS) above each summary")
      .option(help.cpu_flag, o.cpu, help.cpu, 0, cpus > 0 ? cpus - 1 : UINT32_MAX, "CPU");
}

void print_irq_summary(const Common& c, const IrqOptions& o, const std::vector<IrqRow>& rows,
                       const IrqStyle& style, IrqColumns cols, IrqColumns json_cols) {
  Output& out = cs::out();
  std::string now = wall_hms_now();
  if (c.json) {
    Json j;
    j.str("type", o.dist ? "histogram" : "table").str("time", now);
    if (json_cols != IrqColumns::Count) j.str("unit", o.ns ? "nsecs" : "usecs");
    j.raw(o.dist ? "hists" : std::string(style.kind) + "s", irq_rows_json(rows, style, json_cols, o.dist, o.ns));
    out.put(j.end());
    return;
  }
  out.put('\n');
  if (o.timestamp) out.printf("%-8s\n", now.c_str());
  if (o.dist) append_irq_hists(out.buffer(), rows, style, o.ns);
  else append_irq_table(out.buffer(), rows, style, cols, o.ns);
}

}  // namespace cs
