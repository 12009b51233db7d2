// runqslower: trace run queue (scheduler) waits longer than a threshold, one
// line per wait.
#include <string>
#include <string_view>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "runqslower.h"
#include "runqslower.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace high run queue latency");
  bool previous = false;
  uint64_t min_us = 10000;
  cli.pid_filter("-p,--pid", "Process PID to trace")
      .tid_filter("-t,--tid", "Thread TID to trace")
      .flag("-P,--previous", previous, "Also show the previous task's name and TID")
      .positional("min_us", min_us, "Report waits longer than this, in microseconds "
                  "(default 10000; 0 reports every wait)", 0, UINT64_MAX / 1000)
      .examples(R"(EXAMPLES:
  runqslower         # trace latency higher than 10000 us (default)
  runqslower 1000    # trace latency higher than 1000 us
  runqslower -p 123  # trace pid 123
  runqslower -t 123  # trace tid 123 (use for threads only)
  runqslower -P      # also show previous task name and TID
  runqslower --json  # one JSON object per wait)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::block_exit_signals();
  cs::Skeleton<runqslower_bpf> skel(c);
  skel->rodata->min_us = min_us;
  if (skel.prepared().tier != cs::Tier::Tracepoint)  // only that flavour uses it
    bpf_map__set_autocreate(skel->maps.pending, false);
  skel.load_and_attach();

  cs::Output& out = cs::out();
  std::string banner = "Tracing run queue latency higher than " + std::to_string(min_us) + " us\n";
  if (c.json) {
    std::fputs(banner.c_str(), stderr);
  } else {
    out.put(banner);
    out.printf("%-8s %-16s %-6s %14s", "TIME", "COMM", "TID", "LAT(us)");
    out.put(previous ? " PREV COMM        PREV TID\n" : "\n");
  }

  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<runqslower_event>(data, size);
    std::string_view comm(e.comm, strnlen(e.comm, sizeof e.comm));
    std::string_view prev(e.prev_comm, strnlen(e.prev_comm, sizeof e.prev_comm));
    std::string time = cs::wall_hms(e.time_ns);
    if (c.json) {
      cs::Json j;
      j.str("time", time).str("comm", comm).unum("pid", e.pid).unum("tid", e.tid);
      j.unum("lat_us", e.delta_us).unum("cpu", e.cpu);
      out.put(j.str("prev_comm", prev).unum("prev_tid", e.prev_tid).end());
      return;
    }
    out.printf("%-8s ", time.c_str());
    out.put_untrusted(comm, 16);
    out.printf(" %-6u %14llu", e.tid, static_cast<unsigned long long>(e.delta_us));
    if (previous) {
      out.put(' ');
      out.put_untrusted(prev, 16);
      out.printf(" %-6u", e.prev_tid);
    }
    out.put('\n');
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
