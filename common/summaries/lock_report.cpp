#include "common/summaries/lock_report.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <span>
#include <tuple>

#include "common/base/error.h"
#include "common/symbols/ksyms.h"

namespace cs {

std::string lock_duration(uint64_t ns) {
  // Float arithmetic, as libbpf-tools computes it, so the digits match.
  static const struct {
    float base;
    const char* unit;
  } units[] = {{1e9f * 3600, "h "}, {1e9f * 60, "m "}, {1e9f, "s "}, {1e6f, "ms"}, {1e3f, "us"}};
  char buf[48];
  for (const auto& u : units) {
    if (static_cast<float>(ns) < u.base) continue;
    std::snprintf(buf, sizeof buf, "%.1f %s", static_cast<double>(static_cast<float>(ns) / u.base),
                  u.unit);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%u ns", static_cast<unsigned>(ns));
  return buf;
}

bool is_lock_internal(std::string_view fn) {
  static constexpr std::string_view prefixes[] = {
      // BPF programs, trampolines and tracepoint dispatch
      "bpf_prog_", "bpf_trampoline_", "bpf_trace_run", "__bpf_trace_", "__traceiter_",
      "trace_contention_",
      // mutexes
      "__mutex_lock", "__mutex_trylock", "__mutex_unlock", "mutex_lock", "mutex_trylock",
      "mutex_unlock", "mutex_optimistic_spin", "__ww_mutex_", "ww_mutex_lock",
      // rw-semaphores and per-CPU rw-semaphores
      "down_read", "down_write", "up_read", "up_write", "__down_read", "__down_write", "__up_read",
      "__up_write", "rwsem_", "__rwsem_", "percpu_down_", "__percpu_down_", "percpu_up_",
      // semaphores
      "__down", "__up",
      // rt-mutexes and PREEMPT_RT locks
      "rt_mutex_", "__rt_mutex_", "rtlock_", "rt_spin_lock", "rt_read_lock", "rt_write_lock",
      // spinning
      "osq_lock", "osq_unlock", "_raw_spin_lock", "_raw_read_lock", "_raw_write_lock",
      "queued_spin_lock", "native_queued_spin_lock", "__pv_queued_spin_lock", "queued_read_lock",
      "queued_write_lock",
  };
  static constexpr std::string_view exact[] = {
      "down", "down_interruptible", "down_killable", "down_timeout", "down_trylock", "up",
  };
  for (std::string_view p : prefixes)
    if (fn.substr(0, p.size()) == p) return true;
  return std::find(std::begin(exact), std::end(exact), fn) != std::end(exact);
}

std::vector<std::string> lock_caller_frames(KernelSymbols& ks, const std::vector<uint64_t>& ips) {
  std::vector<std::string> frames;
  for (uint64_t ip : ips) {
    const KernelSymbol* s = ks.lookup(ip);
    if (frames.empty() && s && is_lock_internal(s->name)) continue;
    frames.push_back(s ? ks.describe(ip) : "Unknown");
  }
  return frames;
}

std::string lock_symbol(KernelSymbols& ks, uint64_t addr) {
  const KernelSymbol* s = ks.lookup(addr);
  return s && s->addr == addr ? std::string(s->name) : "no-ksym";
}

uint64_t lock_address(KernelSymbols& ks, const std::string& name) {
  if (const KernelSymbol* s = ks.find(name)) return s->addr;
  char* end = nullptr;
  uint64_t addr = name.rfind("0x", 0) == 0 ? std::strtoull(name.c_str() + 2, &end, 16) : 0;
  if (addr && end && *end == '\0') return addr;
  if (!ks.error().empty()) fail("cannot look up lock " + name + ": " + ks.error());
  usage_error("no kernel symbol " + name + " in /proc/kallsyms (give the lock's address as 0x...)");
}

void merge_lock_times(LockTimes& a, const LockTimes& b) {
  a.count += b.count;
  a.total_ns += b.total_ns;
  if (b.max_ns <= a.max_ns) return;
  a.max_ns = b.max_ns;
  a.max_pid = b.max_pid;
  a.max_comm = b.max_comm;
  a.max_lock = b.max_lock;
  a.max_lock_name = b.max_lock_name;
}

std::vector<LockRow> merge_lock_rows(std::vector<LockRow> rows, size_t depth) {
  std::vector<LockRow> merged;
  std::map<std::vector<std::string>, size_t> index;
  for (LockRow& r : rows) {
    std::vector<std::string> key(r.frames.begin(),
                                 r.frames.begin() + std::min(depth, r.frames.size()));
    auto [it, fresh] = index.emplace(std::move(key), merged.size());
    if (fresh) {
      merged.push_back(std::move(r));
      continue;
    }
    LockRow& into = merged[it->second];
    merge_lock_times(into.wait, r.wait);
    merge_lock_times(into.hold, r.hold);
  }
  return merged;
}

bool parse_lock_sort(std::string_view spec, LockSort& acq, LockSort& hld) {
  auto one = [&](std::string_view s) {
    static const std::pair<std::string_view, LockSort> fields[] = {
        {"max", LockSort::Max}, {"total", LockSort::Total}, {"count", LockSort::Count}};
    LockSort* target = s.substr(0, 4) == "acq_" ? &acq : s.substr(0, 4) == "hld_" ? &hld : nullptr;
    if (!target) return false;
    for (auto& [name, v] : fields)
      if (s.substr(4) == name) {
        *target = v;
        return true;
      }
    return false;
  };
  size_t comma = spec.find(',');
  if (comma == std::string_view::npos) return one(spec);
  return one(spec.substr(0, comma)) && one(spec.substr(comma + 1));
}

namespace {

uint64_t sort_value(const LockTimes& t, LockSort s) {
  switch (s) {
    case LockSort::Max: return t.max_ns;
    case LockSort::Total: return t.total_ns;
    case LockSort::Count: return t.count;
  }
  return 0;
}

// Row indices, largest first by the field of wait or hold times.
std::vector<size_t> sorted(const std::vector<LockRow>& rows, LockSort s, bool hold) {
  std::vector<size_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t i, size_t j) {
    const LockRow &a = rows[i], &b = rows[j];
    uint64_t x = sort_value(hold ? a.hold : a.wait, s), y = sort_value(hold ? b.hold : b.wait, s);
    if (x != y) return x > y;
    return std::tie(a.frames, a.tid) < std::tie(b.frames, b.tid);
  });
  return order;
}

// Wait or hold times: four text columns, the JSON object's members.
enum { kAvg, kCount, kMax, kTotal, kTotalNs, kMaxNs, kAvgNs, kMaxPid, kMaxComm, kMaxLock, kMaxAddr };

Record times_record(std::string_view avg, std::string_view max, std::string_view total) {
  return Record({
      {.header = avg, .width = 9, .right = true},
      {.header = "Count", .key = "count", .width = 8, .right = true},
      {.header = max, .width = 10, .right = true},
      {.header = total, .width = 12, .right = true},
      {.key = "total_ns", .text = false},
      {.key = "max_ns", .text = false},
      {.key = "avg_ns", .text = false},
      {.key = "max_pid", .text = false},
      {.key = "max_comm", .text = false},
      {.key = "max_lock", .text = false},
      {.key = "max_lock_addr", .text = false},
  });
}

const Record& times_record(bool hold) {
  static const Record wait = times_record("Avg Wait", "Max Wait", "Total Wait");
  static const Record held = times_record("Avg Hold", "Max Hold", "Total Hold");
  return hold ? held : wait;
}

// -s's line under a row: who had the longest time (text only: JSON has it in the times).
const Record& max_line_record() {
  static const Record r({
      {.prefix = "                              Max PID ", .suffix = ","},
      {.prefix = "COMM ", .suffix = ","},
      {.prefix = "Lock "},
      {.base = 'x', .prefix = "(0x", .suffix = ")"},
  });
  return r;
}

const Record& thread_record() {
  static const Record r({
      {.header = "Tid", .key = "tid"},
      {.header = "Comm", .key = "comm", .width = 16, .right = true, .gap = 2},
  });
  return r;
}

enum { kThread, kCaller, kStack, kWait, kHold, kFrames, kMaxLine };

// The wait table's record, or the hold table's: they differ in which times
// text shows.  A call-path row shows its caller and, with -s, frames and the
// Max PID line under it; a thread row its tid and comm (JSON: the row's).
Record lock_record(bool per_thread, bool hold) {
  Record r({
      {.width = 37, .right = true, .nested = &thread_record()},
      {.header = "Caller", .key = "caller", .width = 37, .right = true},
      {.key = "stack", .text = false},
      {.key = "wait", .text = !hold, .nested = &times_record(false)},
      {.key = "hold", .text = hold, .nested = &times_record(true)},
      {.width = 37, .right = true, .below = true},
      {.nested = &max_line_record(), .below = true},
  });
  if (per_thread) {
    r[kCaller].key = r[kStack].key = {};
    r[kCaller].text = false;
  } else {
    r[kThread].text = false;
  }
  return r;
}

void fill_times(Row& row, Row& max_line, const LockTimes& t, std::string* text) {
  uint64_t avg = t.count ? t.total_ns / t.count : 0;
  char addr[32];
  std::snprintf(addr, sizeof addr, "0x%llx", static_cast<unsigned long long>(t.max_lock));
  text[0] = lock_duration(avg);
  text[1] = lock_duration(t.max_ns);
  text[2] = lock_duration(t.total_ns);
  text[3] = addr;
  row[kAvg] = std::string_view(text[0]);
  row[kCount] = t.count;
  row[kMax] = std::string_view(text[1]);
  row[kTotal] = std::string_view(text[2]);
  row[kTotalNs] = t.total_ns;
  row[kMaxNs] = t.max_ns;
  row[kAvgNs] = avg;
  row[kMaxPid] = t.max_pid;
  row[kMaxComm] = std::string_view(t.max_comm);
  row[kMaxLock] = std::string_view(t.max_lock_name);
  row[kMaxAddr] = std::string_view(text[3]);
  max_line[0] = t.max_pid;
  max_line[1] = std::string_view(t.max_comm);
  max_line[2] = std::string_view(t.max_lock_name);
  max_line[3] = t.max_lock;
}

}  // namespace

LockReport::Cells::Cells(const LockRow& r, const LockReportOptions& o)
    : thread(thread_record()), wait(times_record(false)), hold(times_record(true)),
      wait_max(max_line_record()), hold_max(max_line_record()) {
  thread[0] = r.tid;
  thread[1] = std::string_view(r.comm);
  fill_times(wait, wait_max, r.wait, &text[0]);
  fill_times(hold, hold_max, r.hold, &text[4]);
  size_t depth = std::min(std::max<size_t>(o.stack_entries, 1), r.frames.size());
  stack.assign(r.frames.begin(), r.frames.begin() + depth);
}

LockReport::LockReport(const std::vector<LockRow>& rows, const LockReportOptions& o)
    : rows_(rows), o_(o), wait_rec_(lock_record(o.per_thread, false)),
      hold_rec_(lock_record(o.per_thread, true)), table_(wait_rec_) {
  for (const LockRow& r : rows) cells_.emplace_back(r, o);
  table_.rows_key = "locks";
  table_.labels = {{"hold_times", o.hold_times}};
  add_rows(table_, sorted(rows, o.wait_sort, false), false);
  if (o.hold_times)
    add_rows(table_.text_tables.emplace_back(hold_rec_), sorted(rows, o.hold_sort, true), true);
}

void LockReport::add_rows(TableReport& t, const std::vector<size_t>& order, bool hold) {
  t.before_header = "\n";
  t.header_each_row = o_.stack_entries > 1;
  for (size_t i = 0; i < std::min(o_.max_rows, order.size()); i++) {
    const LockRow& r = rows_[order[i]];
    Cells& c = cells_[order[i]];
    Row& row = t.add_row();
    if (o_.per_thread) {
      row[kThread] = Value::object(c.thread);
    } else {
      std::span<const std::string_view> stack(c.stack);
      row[kCaller] = r.frames.empty() ? std::string_view("Unknown") : std::string_view(r.frames[0]);
      row[kStack] = stack;
      if (o_.stack_entries > 1) {
        row[kFrames] = stack.subspan(std::min<size_t>(1, stack.size()));
        row[kMaxLine] = Value::object(hold ? c.hold_max : c.wait_max);
      }
    }
    row[kWait] = Value::object(c.wait);
    if (o_.hold_times) row[kHold] = Value::object(c.hold);
  }
}

}  // namespace cs
