// Summaries described once, as values: an interval's histograms or table.
// A tool builds one and hands it to the sink (output/sink.h); the text sink
// prints bcc's layouts byte for byte, the JSON sink one nested object, the
// metrics sink (later) Prometheus histograms and counters.
//
// Labels are a histogram's or report's identity (pid and comm, disk, irq
// name, ...): JSON members beside the data, metric labels.  The text of a
// report around its data (a blank line, "HH:MM:SS", "pid = 12 bash") is the
// tool's layout and is given as text: already escaped, printed as it is.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/output/record.h"
#include "common/output/value.h"

namespace cs {

struct Label {
  std::string_view key;
  Value value;
};

struct Histogram {
  enum class Scale : uint8_t { Log2, Linear };
  Scale scale = Scale::Log2;
  uint32_t base = 0, step = 1;   // linear: bucket i holds base + i * step
  std::vector<uint32_t> slots;   // log2: bucket i holds [2^i / 2, 2^i - 1]
  std::vector<Label> labels;
  std::string text_before;       // e.g. "\npid = 1234 bash\n"
  std::string text_after;
  std::string text_unit;         // text: the name above the buckets when not the report's unit
                                 // (cpufreq names each histogram so); already escaped
};

struct HistogramReport {
  std::string_view unit;      // "usecs", "msecs", "kbytes", ...
  std::string time;           // "HH:MM:SS" when the interval ended
  std::vector<Label> labels;  // members of the whole report
  std::vector<Histogram> hists;
  std::string_view hists_key = "hists";  // JSON: the array's name (futexctn's are "locks")
  std::string text_before, text_after;
};

// A table's rows are records: its columns are described once, as events'
// are.  Text: text_before, the header line (when `header` and there are
// rows, or `header_if_empty`; before every row with `header_each_row`,
// each time after before_header), one line per row (and the lines of its
// below columns), text_tables, text_after.  JSON: time, labels, the rows
// as `rows_key`, totals.
struct TableReport {
  explicit TableReport(const Record& r) : record(&r) {}
  const Record* record;
  std::vector<Row> rows;
  std::string time;
  std::vector<Label> labels;
  bool header = true;
  bool header_if_empty = false;
  bool header_each_row = false;
  std::string text_before, text_after;
  std::string_view before_header;
  std::string_view rows_key = "rows";
  std::vector<Label> totals;  // JSON: members after the rows (sums of a column)
  // Text only: more tables of the same rows (other columns, another order:
  // klockstat's hold times), printed after this one; JSON has them in rows.
  std::vector<TableReport> text_tables;
  Row& add_row() { return rows.emplace_back(*record); }
};

// Gives a histogram these slots and, after its other labels, a "count"
// label: their total (JSON; the text shows only the buckets).
void assign_counted_slots(Histogram& h, std::span<const uint32_t> slots);

// Text of one histogram in bcc's layout (nothing when it is empty).
void append_histogram_text(std::string& dst, const Histogram& h, std::string_view unit);
// Its "buckets" array: log2 buckets up to the last non-empty one (the rows
// the text shows), linear buckets that are not empty.
class JsonWriter;
void write_buckets_json(JsonWriter& w, const Histogram& h);

// Stack counts (profile, offcputime, offwaketime, wakeuptime): one row per
// distinct stack, or set of stacks, with its count.  A row's stacks run as
// one chain from the outermost caller to the innermost frame, the order a
// folded line (-f, for flame graphs) prints them in; bcc's multi-line layout
// prints the same chain the other way up, innermost frame first.  The chain
// and the text around a row are the report's layout, described once; a row
// holds its data only.
struct StackFrames {
  bool shown = false;                     // false: prints nothing, JSON []
  std::span<const std::string> frames{};  // innermost first
  std::span<const uint64_t> ips{};        // parallel to frames (with_addresses)
};

struct StackRow {
  std::vector<Label> labels{};        // JSON members before the count (comm, pid, ...)
  std::vector<StackFrames> stacks{};  // parallel to StackReport::stack_keys
  uint64_t count = 0;
};

struct StackLink {
  // A stack: its index in StackRow::stacks, and whether the chain reads it
  // callers first (a sleeper's stack) or innermost first (a waker's stack
  // hung upside down above it, as offwaketime folds them).
  int stack = -1;
  bool callers_first = true;
  // A separator (stack -1): its folded frame and its multi-line text (a
  // line without the newline); between_shown: only when the stacks on both
  // sides of it are shown (-d between user and kernel frames).
  std::string_view folded{}, line{};
  bool between_shown = false;
};

// Text: text_before, then per row either the folded line (folded_before,
// ";frame" along the chain, folded_after, " count") or the multi-line block
// (head, the chain innermost first one frame a line as indent, the address
// as "%-16lx " when with_addresses, the frame; tail, count_indent + count,
// a blank line).  The four templates are text with {key} naming a label,
// rendered as a text column renders it.  JSON: {"type":"stack", the labels,
// unit: count, stack_keys[i]: [frames innermost first]} per row.
struct StackReport {
  std::string_view unit = "count";  // what a count counts: its JSON member ("usecs")
  std::vector<std::string_view> stack_keys;  // JSON members of the stacks ("ustack", "kstack")
  std::vector<StackLink> chain;
  bool folded = false;
  std::string_view folded_before, folded_after;
  std::string_view head, tail;
  std::string_view indent = "    ", count_indent = "        ";
  bool with_addresses = false;
  std::string text_before;
  std::vector<StackRow> rows;
};

// Text of one row in the report's layout (folded or multi-line).
void append_stack_row_text(std::string& dst, const StackReport& r, const StackRow& row);

}  // namespace cs
