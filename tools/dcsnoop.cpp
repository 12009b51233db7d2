// dcsnoop: trace directory cache (dcache) lookups that missed, or with -a
// every lookup, one line each, as bcc's dcsnoop.
#include <optional>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/events.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "dcsnoop.h"
#include "dcsnoop.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace directory entry cache (dcache) lookups");
  bool all = false;
  cli.flag("-a,--all", all, "trace all lookups (default is fails only)")
      .pid_filter("-p,--pid", "Trace this PID only")
      .duration("--duration")
      .examples(R"(EXAMPLES:
  dcsnoop               # trace failed dcache lookups
  dcsnoop -a            # trace all dcache lookups
  dcsnoop --json        # one JSON object per lookup)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  std::optional<cs::Skeleton<dcsnoop_bpf>> skel;
  try {
    skel.emplace(c, cs::HookPlan().without("lookup_fast", !all));
  } catch (const cs::NoAttachableHook& e) {
    if (c.attach != cs::AttachMode::Auto) throw;
    cs::fail("fentry and kprobes are not available on this system: lookup_fast and d_lookup, "
             "where dcache lookups are seen, have no tracepoints");
  }
  skel->load_and_attach();
  cs::mark_start();

  enum { kTime, kPid, kTid, kComm, kType, kFile };
  cs::Record rec({
      {.header = "TIME(s)", .key = "time_s", .width = 11, .precision = 6},
      {.header = "PID", .key = "pid", .width = 6, .right = true},
      {.key = "tid", .text = false},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "T", .key = "type", .width = 1},
      {.header = "FILE", .key = "file"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  cs::EventStream events(skel->obj(), skel->prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<dcsnoop_event>(data, size);
    row[kTime] = cs::Value::elapsed(e.ts_ns);
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kType] = e.type == 'M' ? "M" : "R";
    row[kFile] = cs::fixed_str(e.name);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
