// filelife: trace the lifespan of short-lived files: who deleted a file
// created while tracing, its age and its name, as libbpf-tools' filelife.
#include "common/base/fixed_str.h"
#include "common/output/sink.h"
#include "common/runtime/events.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "filelife.h"
#include "filelife.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace the lifespan of short-lived files.");
  cli.pid_filter("-p,--pid", "Process PID to trace")
      .duration("--duration")
      .examples(R"(EXAMPLES:
  filelife              # trace all events
  filelife -p 123       # trace pid 123
  filelife --json       # one JSON object per deleted file)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<filelife_bpf> skel(c);
  skel.load_and_attach();

  enum { kTime, kPid, kTid, kUid, kComm, kAge, kCreator, kFile };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "PID", .key = "pid", .width = 6},
      {.key = "tid", .text = false},
      {.key = "uid", .text = false},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "AGE(s)", .key = "age_s", .width = 7, .precision = 2},
      {.key = "creator_pid", .text = false},
      {.header = "FILE", .key = "file"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<filelife_event>(data, size);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kUid] = e.uid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kAge] = e.age_ns / 1e9;
    row[kCreator] = e.creator_pid;
    row[kFile] = cs::fixed_str(e.name);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
