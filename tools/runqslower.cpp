// runqslower: trace run queue (scheduler) waits longer than a threshold, one
// line per wait.
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
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

  cs::Skeleton<runqslower_bpf> skel(c);
  skel->rodata->min_us = min_us;
  skel.load_and_attach();

  cs::print_banner(c, "Tracing run queue latency higher than " + std::to_string(min_us) + " us\n");
  enum { kTime, kComm, kPid, kTid, kLat, kCpu, kPrevComm, kPrevTid };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "COMM", .key = "comm", .width = 16},
      {.key = "pid", .text = false},
      {.header = "TID", .key = "tid", .width = 6},
      {.header = "LAT(us)", .key = "lat_us", .width = 14, .right = true},
      {.key = "cpu", .text = false},
      {.header = "PREV COMM", .key = "prev_comm", .width = 16, .text = previous},
      {.header = "PREV TID", .key = "prev_tid", .width = 6, .text = previous},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<runqslower_event>(data, size);
    row[kTime] = cs::Value::wall_time(e.time_ns);
    row[kComm] = cs::fixed_str(e.comm);
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kLat] = e.delta_us;
    row[kCpu] = e.cpu;
    row[kPrevComm] = cs::fixed_str(e.prev_comm);
    row[kPrevTid] = e.prev_tid;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
