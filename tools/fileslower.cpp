// fileslower: trace reads and writes of files slower than a threshold, on
// any file system, one line each, in bcc's fileslower layout.
#include <linux/types.h>

#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/output/sink.h"
#include "common/runtime/events.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/file_io.h"
#include "fileslower.h"
#include "fileslower.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace slow synchronous file reads and writes");
  uint64_t min_ms = 10;
  bool all = false;
  cli.pid_filter("-p,--pid", "Trace this PID only")
      .flag("-a,--all-files", all, "Include non-regular file types (sockets, FIFOs, etc)")
      .positional("min_ms", min_ms, "Minimum I/O duration to trace, in ms (default 10; 0 traces all)",
                  0, UINT64_MAX / 1000000)
      .duration("-d,--duration")
      .examples(R"(EXAMPLES:
  fileslower             # trace sync file I/O slower than 10 ms (default)
  fileslower 1           # trace sync file I/O slower than 1 ms
  fileslower -p 185      # trace PID 185 only
  fileslower -a 0        # every read and write, sockets and pipes too
  fileslower --json      # one JSON object per slow read or write)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<fileslower_bpf> skel(c);
  skel->rodata->min_ns = min_ms * 1000000;
  skel->rodata->cs_file_ops = CS_FILE_OP_BIT(CS_FILE_READ) | CS_FILE_OP_BIT(CS_FILE_WRITE);
  skel->rodata->cs_file_all = all;
  skel.load_and_attach();

  cs::print_banner(c, "Tracing sync read/writes slower than " + std::to_string(min_ms) + " ms\n");
  enum { kTime, kCommText, kComm, kPid, kTid, kDir, kOp, kBytes, kOffset, kLat, kKind, kFile };
  cs::Record rec({
      {.header = "TIME(s)", .key = "elapsed", .width = 8},
      {.header = "COMM", .width = 14},  // bcc cuts it to 14 characters; JSON has it whole
      {.key = "comm", .text = false},
      {.key = "pid", .text = false},
      {.header = "TID", .key = "tid", .width = 6},
      {.header = "D", .width = 1},
      {.key = "op", .text = false},
      {.header = "BYTES", .key = "bytes", .width = 7},
      {.key = "offset", .text = false},
      {.header = "LAT(ms)", .key = "lat_ms", .width = 7, .right = true, .precision = 2},
      {.key = "kind", .text = false},
      {.header = "FILENAME", .key = "file"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  char letter[2] = {}, kind[2] = {};
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<cs_file_event>(data, size);
    std::string_view comm = cs::fixed_str(e.comm);
    letter[0] = cs::file_op_letter(e.op);
    kind[0] = e.kind;
    row[kTime] = cs::Value::elapsed(e.ts_ns);
    row[kCommText] = comm.substr(0, 14);
    row[kComm] = comm;
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kDir] = std::string_view(letter, 1);
    row[kOp] = cs::file_op_name(e.op);
    row[kBytes] = static_cast<long long>(e.bytes);
    row[kOffset] = static_cast<long long>(e.offset);
    row[kLat] = e.lat_ns / 1e6;
    row[kKind] = std::string_view(kind, 1);
    row[kFile] = cs::fixed_str(e.name);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
