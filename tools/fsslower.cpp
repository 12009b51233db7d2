// fsslower: trace reads, writes, opens and fsyncs on one file system type
// slower than a threshold, one line each.  Installed as ext4slower,
// xfsslower, btrfsslower, nfsslower, f2fsslower and zfsslower too: the name
// picks the file system, as libbpf-tools' fsslower does.
#include <linux/types.h>

#include <cstring>
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/events.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/file_io.h"
#include "common/system/file_systems.h"
#include "fsslower.h"
#include "fsslower.skel.h"

namespace {

// libbpf-tools' -c: ENDTIME_ns,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE.
void csv_line(const cs_file_event& e) {
  cs::Output& o = cs::out();
  o.printf("%llu,", static_cast<unsigned long long>(e.ts_ns));
  o.put_untrusted(cs::fixed_str(e.comm));
  o.printf(",%u,%c,", e.pid, cs::file_op_letter(e.op));
  if (e.op == CS_FILE_FSYNC)
    o.put("LL_MAX");
  else
    o.printf("%lld", static_cast<long long>(e.bytes));
  o.printf(",%lld,%llu,", static_cast<long long>(e.offset),
           static_cast<unsigned long long>(e.lat_ns / 1000));
  o.put_untrusted(cs::fixed_str(e.name));
  o.put('\n');
}

int body(int argc, char** argv) {
  std::string fs = cs::fs_of_tool_name(cs::tool_name(), "slower");
  const bool alias = !fs.empty();
  std::string type;
  uint64_t min_ms = 10, min_positional = 10;
  bool csv = false;
  cs::Cli cli(alias ? "Trace common " + fs + " file operations slower than a threshold"
                    : "Trace file system operations slower than a threshold");
  const std::string me = alias ? fs + "slower" : "fsslower";
  cli.choice("-t,--type", type, cs::traced_fs_names(), "Which file system to trace" +
                                           std::string(alias ? " (default " + fs + ")" : ""))
      .pid_filter("-p,--pid", "Process ID to trace")
      .option("-m,--min", min_ms, "Min latency to trace, in ms (default 10; 0 traces every call)",
              0, UINT64_MAX / 1000000, "MIN")
      .positional("min_ms", min_positional, "The same as -m", 0, UINT64_MAX / 1000000)
      .flag("-j,-c,--csv", csv, "Output as csv")
      .duration("-d,--duration")
      .excludes("--min", "min_ms")
      .examples("EXAMPLES:\n" +
                (alias ? "  " + me + "             # trace " + fs + " operations slower than 10 ms\n  " +
                             me + " 1           # slower than 1 ms\n  " + me +
                             " 0           # every operation (verbose)\n  " + me +
                             " -p 1216     # only PID 1216\n  " + me +
                             " -j -d 1     # csv output, for 1 s"
                       : std::string("  fsslower -t ext4          # trace ext4 operations slower than 10 ms\n"
                                     "  fsslower -t nfs -p 1216   # trace nfs operations with PID 1216 only\n"
                                     "  fsslower -t xfs -c -d 1   # trace xfs operations for 1s with csv output\n"
                                     "  fsslower -t btrfs -m 0    # every btrfs operation")));
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (csv && c.json) cs::usage_error("--csv and --json cannot be combined");
  fs = cs::traced_fs(type, fs);
  if (cli.given("min_ms")) min_ms = min_positional;

  cs::Skeleton<fsslower_bpf> skel(c);
  cs::set_fs_knobs(skel->rodata, fs);
  skel->rodata->min_ns = min_ms * 1000000;
  skel.load_and_attach();

  enum { kTime, kComm, kPid, kTid, kOp, kOpName, kBytes, kOffKb, kOffset, kLat, kFile };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "PID", .key = "pid", .width = 7},
      {.key = "tid", .text = false},
      {.header = "T", .width = 1},
      {.key = "op", .text = false},
      // fsync syncs the whole file: LL_MAX, as libbpf-tools prints it.
      {.header = "BYTES", .key = "bytes", .width = 7, .none = "LL_MAX"},
      {.header = "OFF_KB", .width = 8},
      {.key = "offset", .text = false},
      {.header = "LAT(ms)", .key = "lat_ms", .width = 7, .right = true, .precision = 2},
      {.header = "FILENAME", .key = "file"},
  });
  cs::Sink& sink = cs::sink();
  if (csv) {
    cs::out().put("ENDTIME_ns,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE\n");
  } else {
    std::string what = "Tracing " + fs + " operations";
    if (min_ms) what += " slower than " + std::to_string(min_ms) + " ms";
    cs::print_banner(c, what + cs::banner_end(c));
    sink.header(rec);
  }

  cs::Row row(rec);
  char letter[2] = {};
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<cs_file_event>(data, size);
    if (csv) return csv_line(e);
    letter[0] = cs::file_op_letter(e.op);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kComm] = cs::fixed_str(e.comm);
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kOp] = std::string_view(letter, 1);
    row[kOpName] = cs::file_op_name(e.op);
    row[kBytes] = e.op == CS_FILE_FSYNC ? cs::Value() : cs::Value(static_cast<long long>(e.bytes));
    row[kOffKb] = static_cast<long long>(e.offset / 1024);
    row[kOffset] = static_cast<long long>(e.offset);
    row[kLat] = e.lat_ns / 1e6;
    row[kFile] = cs::fixed_str(e.name);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
