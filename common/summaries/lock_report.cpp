#include "common/summaries/lock_report.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <tuple>

#include "common/base/error.h"
#include "common/output/escape.h"
#include "common/output/json.h"
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

void sort_rows(std::vector<LockRow>& rows, const LockTableOptions& o) {
  std::stable_sort(rows.begin(), rows.end(), [&](const LockRow& a, const LockRow& b) {
    uint64_t x = sort_value(o.hold ? a.hold : a.wait, o.sort);
    uint64_t y = sort_value(o.hold ? b.hold : b.wait, o.sort);
    if (x != y) return x > y;
    return std::tie(a.frames, a.tid) < std::tie(b.frames, b.tid);
  });
}

void appendf(std::string& dst, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void appendf(std::string& dst, const char* fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = std::vsnprintf(nullptr, 0, fmt, ap);
  va_end(ap);
  if (n > 0) {
    size_t at = dst.size();
    dst.resize(at + n + 1);
    std::vsnprintf(&dst[at], n + 1, fmt, ap2);
    dst.resize(at + n);
  }
  va_end(ap2);
}

std::string times_json(const LockTimes& t) {
  char addr[32];
  std::snprintf(addr, sizeof addr, "0x%llx", static_cast<unsigned long long>(t.max_lock));
  Json j;
  j.unum("count", t.count).unum("total_ns", t.total_ns).unum("max_ns", t.max_ns)
      .unum("avg_ns", t.count ? t.total_ns / t.count : 0).unum("max_pid", t.max_pid)
      .str("max_comm", t.max_comm).str("max_lock", t.max_lock_name).str("max_lock_addr", addr);
  std::string s = j.end();
  s.pop_back();  // the newline
  return s;
}

}  // namespace

void append_lock_table(std::string& dst, std::vector<LockRow>& rows, const LockTableOptions& o) {
  sort_rows(rows, o);
  const char* what = o.hold ? "Hold" : "Wait";
  size_t n = std::min(o.max_rows, rows.size());
  for (size_t i = 0; i < n; i++) {
    const LockRow& r = rows[i];
    const LockTimes& t = o.hold ? r.hold : r.wait;
    if (i == 0 || o.stack_entries > 1)
      appendf(dst, "\n%s  Avg %s    Count   Max %s   Total %s\n",
              o.per_thread ? "                Tid              Comm"
                           : "                               Caller",
              what, what, what);
    std::string first;
    if (o.per_thread) {
      char tid[64];
      std::snprintf(tid, sizeof tid, "%u  %16s", r.tid, text_escaped(r.comm).c_str());
      first = tid;
    } else {
      first = r.frames.empty() ? "Unknown" : r.frames[0];
    }
    appendf(dst, "%37s %9s %8llu %10s %12s\n", first.c_str(),
            lock_duration(t.count ? t.total_ns / t.count : 0).c_str(),
            static_cast<unsigned long long>(t.count), lock_duration(t.max_ns).c_str(),
            lock_duration(t.total_ns).c_str());
    if (o.per_thread) continue;
    for (size_t f = 1; f < o.stack_entries && f < r.frames.size(); f++)
      appendf(dst, "%37s\n", r.frames[f].c_str());
    if (o.stack_entries > 1)
      appendf(dst, "                              Max PID %u, COMM %s, Lock %s (0x%llx)\n",
              t.max_pid, text_escaped(t.max_comm).c_str(), t.max_lock_name.c_str(),
              static_cast<unsigned long long>(t.max_lock));
  }
}

std::string lock_rows_json(std::vector<LockRow>& rows, const LockTableOptions& o, bool with_hold) {
  LockTableOptions wait = o;
  wait.hold = false;
  sort_rows(rows, wait);
  std::string out = "[";
  size_t n = std::min(o.max_rows, rows.size());
  for (size_t i = 0; i < n; i++) {
    const LockRow& r = rows[i];
    Json j;
    if (o.per_thread) {
      j.unum("tid", r.tid).str("comm", r.comm);
    } else {
      size_t depth = std::min(std::max<size_t>(o.stack_entries, 1), r.frames.size());
      std::vector<std::string_view> frames(r.frames.begin(), r.frames.begin() + depth);
      j.str("caller", r.frames.empty() ? "Unknown" : r.frames[0])
          .raw("stack", json_string_array(frames.data(), frames.size()));
    }
    j.raw("wait", times_json(r.wait));
    if (with_hold) j.raw("hold", times_json(r.hold));
    else j.null("hold");
    std::string s = j.end();
    s.pop_back();
    if (i) out += ',';
    out += s;
  }
  return out + "]";
}

}  // namespace cs
