// klockstat: kernel mutex and rw-semaphore wait and hold times, by caller or
// by thread.  With fentry/fexit every acquisition is timed (wait and hold);
// on kernels without BPF trampolines the lock contention tracepoints give
// the waits of contended acquisitions only.
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/lock_report.h"
#include "common/symbols/ksyms.h"
#include "common/symbols/stacks.h"
#include "common/system/kernel_btf.h"
#include "klockstat.h"
#include "klockstat.skel.h"

namespace {

struct Options {
  std::string caller, lock, sort;
  uint32_t nr_locks = UINT32_MAX, nr_stacks = 1;
  bool reset = false, timestamp = false, per_thread = false;
};

cs::LockTimes times(cs::KernelSymbols& ks, uint64_t count, uint64_t total, uint64_t max,
                    uint64_t id, uint64_t lock, const char (&comm)[KLOCKSTAT_COMM_LEN]) {
  return {count, total, max, static_cast<uint32_t>(id >> 32),
          std::string(cs::fixed_str(comm)), lock, cs::lock_symbol(ks, lock)};
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace mutex/sem lock acquisition and hold times, in nsec");
  Options o;
  cs::Common& c = cli.common();
  cli.pid_filter("-p,--pid", "Filter by process ID")
      .tid_filter("-t,--tid", "Filter by thread ID")
      .option("-c,--caller", o.caller, "Filter by caller string prefix", "FUNC")
      .option("-L,--lock", o.lock, "Filter by specific ksym lock name (or address 0x...)", "LOCK")
      .option("-n,--locks", o.nr_locks, "Number of locks or threads to print", 1, UINT32_MAX, "NR_LOCKS")
      .option("-s,--stacks", o.nr_stacks, "Number of stack entries to print per lock", 1,
              KLOCKSTAT_STACK_DEPTH, "NR_STACKS")
      .option("-S,--sort", o.sort, "Sort by field: acq_[max|total|count], hld_[max|total|count]", "SORT")
      .duration("-d,--duration")
      .option("-i,--interval", c.interval, "Print interval", 0.001, 1e9, "SECONDS")
      .flag("-R,--reset", o.reset, "Reset stats each interval")
      .flag("-T,--timestamp", o.timestamp, "Print timestamp")
      .flag("-P,--per-thread", o.per_thread, "Print per-thread stats")
      .examples(R"(EXAMPLES:
  klockstat                     # trace system wide until Ctrl-C
  klockstat -d 5                # trace for 5 seconds
  klockstat -i 5                # print stats every 5 seconds
  klockstat -p 181              # trace process 181 only
  klockstat -t 181              # trace thread 181 only
  klockstat -c pipe_            # print only for lock callers with 'pipe_' prefix
  klockstat -L cgroup_mutex     # trace the cgroup_mutex lock only (accepts 0xADDR too)
  klockstat -S acq_count        # sort lock acquired results by acquire count
  klockstat -S hld_total        # sort lock held results by total held time
  klockstat -S acq_count,hld_total  # combination of above
  klockstat -n 3                # display top 3 locks/threads
  klockstat -s 6                # display 6 stack entries per lock
  klockstat -P                  # print stats per thread
  klockstat --json -i 1         # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  cs::LockSort acq = cs::LockSort::Max, hld = cs::LockSort::Max;
  if (!o.sort.empty() && !cs::parse_lock_sort(o.sort, acq, hld))
    cs::usage_error("bad sort string: " + o.sort + " (acq_max, acq_total, acq_count, hld_...)");
  if (o.per_thread && o.nr_stacks != 1)
    cs::usage_error("--per-thread and --stacks cannot be used together");
  if (c.duration > 0) {  // libbpf-tools: duration / interval summaries, then exit
    if (c.interval <= 0 || c.interval > c.duration) c.interval = c.duration;
    c.count = std::max<uint64_t>(1, static_cast<uint64_t>(std::floor(c.duration / c.interval + 1e-9)));
    c.duration = 0;
  }
  cs::KernelSymbols ks;
  uint64_t lock = o.lock.empty() ? 0 : cs::lock_address(ks, o.lock);

  std::optional<cs::Skeleton<klockstat_bpf>> skel;
  try {
    // down_read_interruptible() is 5.14+.
    skel.emplace(c, cs::HookPlan().may_lack("down_read_interruptible_entry").may_lack("down_read_interruptible_exit"));
  } catch (const cs::NoAttachableHook& e) {
    if (c.attach != cs::AttachMode::Auto) throw;
    cs::fail("this kernel has neither BPF trampolines (fentry/fexit on mutex_lock) nor the "
             "lock:contention_begin tracepoint (5.19+) (" + std::string(e.what()) + ")");
  }
  bool hold_times = skel->prepared().tier == cs::Tier::Fentry;
  (*skel)->rodata->per_thread = o.per_thread;
  (*skel)->rodata->filter_lock = lock;
  skel->load_and_attach();
  if (!hold_times)
    std::fprintf(stderr, "%s: no fentry/fexit on this kernel: showing the waits of contended "
                 "acquisitions only (lock contention tracepoints), no hold times\n",
                 cs::tool_name().c_str());
  cs::Output& out = cs::out();
  std::FILE* notes = c.json ? stderr : stdout;
  if (c.json) std::fputs("Tracing mutex/sem lock events...  Hit Ctrl-C to end\n", stderr);
  else out.put("Tracing mutex/sem lock events...  Hit Ctrl-C to end\n");

  int stats_fd = bpf_map__fd((*skel)->maps.stats), stack_fd = bpf_map__fd((*skel)->maps.stacks);
  auto on_summary = [&] {
    std::vector<cs::LockRow> rows;
    for (auto& [key, s] : cs::read_hash_map<uint32_t, klockstat_stat>(stats_fd, o.reset)) {
      cs::LockRow r;
      if (o.per_thread) {
        r.tid = key;
        r.comm = cs::fixed_str(s.comm);
      } else {
        std::vector<uint64_t> ips;
        cs::read_stack_ips(stack_fd, key, KLOCKSTAT_STACK_DEPTH, ips);
        r.frames = cs::lock_caller_frames(ks, ips);
        if (o.reset) bpf_map_delete_elem(stack_fd, &key);
        std::string_view first = r.frames.empty() ? "Unknown" : std::string_view(r.frames[0]);
        if (first != "Unknown" && first.substr(0, o.caller.size()) != o.caller) continue;
      }
      r.wait = times(ks, s.acq_count, s.acq_total_ns, s.acq_max_ns, s.acq_max_id, s.acq_max_lock,
                     s.acq_max_comm);
      r.hold = times(ks, s.hld_count, s.hld_total_ns, s.hld_max_ns, s.hld_max_id, s.hld_max_lock,
                     s.hld_max_comm);
      rows.push_back(std::move(r));
    }
    if (!o.per_thread) rows = cs::merge_lock_rows(std::move(rows), o.nr_stacks);
    cs::LockReport report(rows, {.per_thread = o.per_thread, .max_rows = o.nr_locks,
                                 .stack_entries = o.nr_stacks, .wait_sort = acq, .hold_sort = hld,
                                 .hold_times = hold_times});
    cs::TableReport& t = report.table();
    t.time = cs::wall_hms_now();
    t.text_before = o.timestamp ? "\n" + t.time + "\n" : "\n";  // HH:MM:SS: "%-8s" needs no padding
    cs::sink().table(t);
  };
  int rc = cs::run_loop(c, nullptr, on_summary);
  cs::warn_uncounted(skel->obj(), "lock waits not recorded (no room for their stack or statistics)");
  out.flush();
  std::fputs("Exiting trace of mutex/sem locks\n", notes);
  return rc;
}

}  // namespace

CS_TOOL_MAIN(body)
