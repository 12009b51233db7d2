// mdflush: trace flush requests to md (software RAID) devices.
#include <unistd.h>

#include <string_view>

#include "common/base/error.h"
#include "common/base/fixed_str.h"
#include "common/output/sink.h"
#include "common/runtime/events.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "mdflush.h"
#include "mdflush.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace md flush events");
  cli.examples(R"(EXAMPLES:
  mdflush               # trace md flush requests
  mdflush --json        # one JSON object per flush request)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  // Without md there is nothing to hook: say so, rather than which hook
  // types this kernel lacks.
  // (/sys/module/md_mod exists whether md is a module or built in.)
  if (access("/sys/module/md_mod", F_OK) != 0)
    cs::fail("md (software RAID) is not available on this system: no /sys/module/md_mod (load md_mod)");
  cs::Skeleton<mdflush_bpf> skel(c);
  skel.load_and_attach();
  cs::print_banner(c, "Tracing md flush requests... Hit Ctrl-C to end.\n");

  // libbpf-tools' columns: "%-8s %-7d %-16s %-s".
  enum { kTime, kPid, kComm, kDevice };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "DEVICE", .key = "device"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);
  cs::Row row(rec);
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<mdflush_event>(data, size);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kPid] = e.pid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kDevice] = cs::fixed_str(e.disk);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
