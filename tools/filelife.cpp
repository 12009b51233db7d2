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

// libbpf-tools' columns: "%-8s %-6d %-16s %-7.2f %s".
enum { kTime, kPid, kTid, kUid, kComm, kAge, kCreator, kFile };
const cs::Record kRecord({
    {.header = "TIME", .key = "time", .width = 8},
    {.header = "PID", .key = "pid", .width = 6},
    {.key = "tid", .text = false},
    {.key = "uid", .text = false},
    {.header = "COMM", .key = "comm", .width = 16},
    {.header = "AGE(s)", .key = "age_s", .width = 7, .precision = 2},
    {.key = "creator_pid", .text = false},
    {.header = "FILE", .key = "file"},
});

// The row views e's strings: e must outlive the sink call.
void fill(cs::Row& row, const filelife_event& e) {
  row[kTime] = cs::Value::wall_time(e.ts_ns);
  row[kAge] = e.age_ns / 1e9;
  row[kFile] = cs::fixed_str(e.name);
  row[kComm] = cs::fixed_str(e.comm);
  row[kPid] = e.pid;
  row[kTid] = e.tid;
  row[kUid] = e.uid;
  row[kCreator] = e.creator_pid;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace the lifespan of short-lived files.");
  cli.duration("--duration").pid_filter("-p,--pid", "Process PID to trace").examples(R"(EXAMPLES:
  filelife              # trace all events
  filelife -p 123       # trace pid 123
  filelife --json       # one JSON object per deleted file)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<filelife_bpf> skel(c);
  skel.load_and_attach();

  cs::Sink& sink = cs::sink();
  sink.header(kRecord);
  cs::Row row(kRecord);
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    const auto e = cs::record_as<filelife_event>(data, size);
    fill(row, e);
    sink.event(kRecord, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
