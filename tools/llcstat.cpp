// llcstat: summarize last-level cache references and misses by process
// (or thread) and CPU, from hardware cache events sampled on every CPU.
#include <bpf/bpf.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <tuple>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/perf_counters.h"
#include "common/runtime/perf_sampling.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/cpus.h"
#include "llcstat.h"
#include "llcstat.skel.h"

namespace {

double hit_pct(uint64_t ref, uint64_t miss) {
  return ref > 0 ? (ref > miss ? ref - miss : 0) * 100.0 / ref : 0;
}

enum { kPid, kTid, kComm, kCpu, kRef, kMiss, kHit };

int body(int argc, char** argv) {
  cs::Cli cli("Summarize cache references and misses by PID");
  uint64_t period = 100;
  bool per_thread = false;
  cli.common().duration = 10;
  cli.option("-c,--sample-period", period,
             "Sample one in this many cache reference / miss events (default 100)", 1,
             UINT32_MAX, "SAMPLE_PERIOD")
      .flag("-t,--tid", per_thread, "Summarize cache references and misses by PID/TID")
      .pid_filter()
      .duration_positional()
      .examples(R"(EXAMPLES:
  llcstat             # summarize for 10 seconds (or until Ctrl-C)
  llcstat 20          # summarize for 20 seconds
  llcstat -c 1000     # sample one in 1000 events (less overhead)
  llcstat -t          # one row per thread instead of per process
  llcstat --json 5    # one JSON object with the 5-second summary)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  const cs::PerfCounter misses{PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES,
                               "PERF_COUNT_HW_CACHE_MISSES"};
  const cs::PerfCounter refs{PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES,
                             "PERF_COUNT_HW_CACHE_REFERENCES"};
  std::vector<int> cpus = cs::online_cpus();
  for (const cs::PerfCounter* pc : {&misses, &refs}) {
    int err = cs::probe_perf_counter(*pc, cpus);
    if (err && cs::perf_event_unsupported(err))
      cs::fail("hardware cache events are not available on this system (perf_event_open " +
               pc->name + ": " + cs::errno_text(err) + ")");
  }

  cs::Skeleton<llcstat_bpf> skel(c);
  skel->rodata->per_thread = per_thread;
  skel.load_and_attach();
  for (bpf_link* l : cs::attach_perf_counter(skel->progs.on_cache_miss, cpus, misses, period))
    skel.adopt(l);
  for (bpf_link* l : cs::attach_perf_counter(skel->progs.on_cache_ref, cpus, refs, period))
    skel.adopt(l);

  char banner[96];
  std::snprintf(banner, sizeof banner, "Running for %g seconds or Hit Ctrl-C to end.\n", c.duration);
  if (c.json) std::fputs(banner, stderr);
  else cs::out().put(banner);

  cs::Record rec({
      {.header = "PID", .key = "pid", .width = 8},
      {.header = "TID", .key = "tid", .width = 8, .text = per_thread},
      {.header = "NAME", .key = "comm", .width = 16},
      {.header = "CPU", .key = "cpu", .width = 4},
      {.header = "REFERENCE", .key = "references", .width = 12, .right = true},
      {.header = "MISS", .key = "misses", .width = 12, .right = true},
      // bcc's "%7s" header over "%6.2f%%" values
      {.header = "   HIT%", .key = "hit_pct", .width = 6, .right = true, .precision = 2, .suffix = "%"},
  });
  if (!per_thread) rec[kTid].key = {};

  auto on_summary = [&] {
    auto rows = cs::read_hash_map<llcstat_key, llcstat_value>(bpf_map__fd(skel->maps.counts), true);
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      const llcstat_key &x = a.first, &y = b.first;
      return std::tie(x.pid, x.tid, x.cpu) < std::tie(y.pid, y.tid, y.cpu);
    });
    cs::TableReport t(rec);
    t.time = cs::wall_hms_now();
    t.rows_key = "entries";
    t.header_if_empty = true;
    uint64_t total_ref = 0, total_miss = 0;
    for (const auto& [k, v] : rows) {
      total_ref += v.ref;
      total_miss += v.miss;
      cs::Row& row = t.add_row();
      row[kPid] = k.pid;
      row[kTid] = k.tid;
      row[kComm] = cs::fixed_str(v.comm);
      row[kCpu] = k.cpu;
      row[kRef] = v.ref;
      row[kMiss] = v.miss;
      row[kHit] = hit_pct(v.ref, v.miss);
    }
    double rate = hit_pct(total_ref, total_miss);
    t.totals = {{"total_references", total_ref}, {"total_misses", total_miss}, {"hit_rate", rate}};
    char total[160];
    std::snprintf(total, sizeof total, "Total References: %llu Total Misses: %llu Hit Rate: %.2f%%\n",
                  static_cast<unsigned long long>(total_ref),
                  static_cast<unsigned long long>(total_miss), rate);
    t.text_after = total;
    cs::sink().table(t);
    cs::warn_uncounted(skel.obj(), "samples not counted: more than " + std::to_string(LLCSTAT_MAX_ENTRIES) +
                                       " process/CPU pairs");
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
