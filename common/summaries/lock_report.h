// Lock statistics as klockstat prints them (libbpf-tools' layout): a table
// of wait ("acquire") times and one of hold times, per call path or per
// thread, as one report for the sinks (output/sink.h).
//
//                                Caller  Avg Wait    Count   Max Wait   Total Wait
//                   anon_pipe_write+0x43    4.7 us       12     7.3 us      56.2 us
//
// Call paths come from kernel stacks taken inside the lock code; the frames
// of the lock implementation and of the tracing machinery are dropped so
// the first frame shown is the caller (is_lock_internal).
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/output/report.h"

namespace cs {

// klockstat's duration: "%.1f <unit>" in h, m, s, ms or us (units padded to
// two columns: "s "), or "<n> ns" below a microsecond.
std::string lock_duration(uint64_t ns);

// Is this kernel function part of a lock implementation (mutex, rwsem,
// semaphore, rt-mutex, spinlock slow paths) or of BPF/tracepoint dispatch,
// rather than a lock's caller?  `function` is a bare symbol name.
bool is_lock_internal(std::string_view function);

class KernelSymbols;

// The call path of a kernel stack (innermost first): its frames from the
// first one outside the lock code on, as "function+0xoff" ("Unknown" for an
// address without a symbol).
std::vector<std::string> lock_caller_frames(KernelSymbols& ks, const std::vector<uint64_t>& ips);

// The kernel symbol at exactly addr (a statically allocated lock), else
// "no-ksym".
std::string lock_symbol(KernelSymbols& ks, uint64_t addr);

// -L: the address of a lock named by a kernel symbol or given as "0x...".
// Throws Fatal: exit 2 for a name /proc/kallsyms lacks, 1 when kallsyms
// cannot be read.
uint64_t lock_address(KernelSymbols& ks, const std::string& name);

// Wait or hold times of one row.
struct LockTimes {
  uint64_t count = 0, total_ns = 0, max_ns = 0;
  uint32_t max_pid = 0;  // process with the longest one
  std::string max_comm;
  uint64_t max_lock = 0;       // address of the lock of the longest one
  std::string max_lock_name;   // its kernel symbol, or "no-ksym"
};

// Adds b into a: sums, and b's maximum (with who had it) if larger.
void merge_lock_times(LockTimes& a, const LockTimes& b);

struct LockRow {
  std::vector<std::string> frames;  // "function+0xoff", caller first (call-path rows)
  uint32_t tid = 0;                 // thread rows (-P)
  std::string comm;
  LockTimes wait, hold;
};

// Merges rows whose first `depth` frames are the same (stacks that differ
// only deeper down).  Keeps the first row's frames; order of first appearance.
std::vector<LockRow> merge_lock_rows(std::vector<LockRow> rows, size_t depth);

enum class LockSort { Max, Total, Count };
// "-S" values: acq_max|acq_total|acq_count and hld_*, one or two separated by
// a comma.  False on anything else.
bool parse_lock_sort(std::string_view spec, LockSort& acq, LockSort& hld);

struct LockReportOptions {
  bool per_thread = false;   // rows are threads: "Tid Comm" columns
  size_t max_rows = SIZE_MAX;  // per table
  size_t stack_entries = 1;  // frames per row; >1 also prints the "Max PID" line
  LockSort wait_sort = LockSort::Max, hold_sort = LockSort::Max;
  bool hold_times = true;    // else no hold table, and "hold":null
};

// One interval of lock statistics as a table report: text is the wait table
// and the hold table in libbpf-tools' layout (each sorted, largest first, by
// its field; nothing for no rows); JSON rows are the wait table's,
// {"caller":..,"stack":[..],"wait":{..},"hold":{..}|null} or, per thread,
// {"tid":..,"comm":..,"wait":..,"hold":..}, with "hold_times" beside them.
// The rows must outlive it; the caller sets the table's time and text_before.
class LockReport {
 public:
  LockReport(const std::vector<LockRow>& rows, const LockReportOptions& o);
  LockReport(const LockReport&) = delete;
  LockReport& operator=(const LockReport&) = delete;
  TableReport& table() { return table_; }

 private:
  struct Cells {  // what one row's values point into
    explicit Cells(const LockRow& r, const LockReportOptions& o);
    Row thread, wait, hold, wait_max, hold_max;
    std::string text[8];  // durations, lock addresses
    std::vector<std::string_view> stack;
  };
  void add_rows(TableReport& t, const std::vector<size_t>& order, bool hold);

  const std::vector<LockRow>& rows_;
  LockReportOptions o_;
  Record wait_rec_, hold_rec_;
  std::deque<Cells> cells_;
  TableReport table_;
};

}  // namespace cs
