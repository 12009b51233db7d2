#include "common/summaries/irq_table.h"

#include <cinttypes>
#include <cstdio>

#include "common/output/escape.h"
#include "common/output/histogram.h"
#include "common/output/json.h"

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

}  // namespace cs
