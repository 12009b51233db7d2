// exitsnoop: trace process termination, one line per exit with its age and
// exit code or signal.
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/signals.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "exitsnoop.h"
#include "exitsnoop.skel.h"

namespace {

struct Options {
  bool time = false, utc = false, failed = false, threads = false;
  std::string label;
};

// task->exit_code: (status << 8) | 0x80 if it dumped core | the fatal signal.
struct Status {
  int code, sig;
  bool core;
};
Status decode(uint32_t raw) {
  return {static_cast<int>((raw >> 8) & 0xff), static_cast<int>(raw & 0x7f), (raw & 0x80) != 0};
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace process termination");
  Options o;
  cli.flag("-t,--timestamp", o.time, "Include a time column (HH:MM:SS)")
      .flag("-x,--failed", o.failed, "Trace error exits only (non-zero code or a signal)")
      .flag("--utc", o.utc, "Include a time column in UTC (implies -t), as bcc's --utc")
      .option("--label", o.label, "A first column holding LABEL on every line (bcc's --label)",
              "LABEL")
      .flag("-T,--threaded,--per-thread", o.threads, "Trace every thread's exit, not only processes")
      .pid_filter("-p,--pid", "Trace this process ID only")
      .cgroup_filter()
      .examples(R"(EXAMPLES:
  exitsnoop             # trace process exit events
  exitsnoop -t          # include the time
  exitsnoop -x          # trace error exits only
  exitsnoop -p 1216     # only trace PID 1216
  exitsnoop -T          # trace by thread
  exitsnoop --utc       # include the time in UTC
  exitsnoop --label web # put "web" in a first column (when several outputs are merged)
  exitsnoop -c /sys/fs/cgroup/system.slice   # only processes in this cgroup
  exitsnoop --json      # one JSON object per exit)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (o.utc) {
    o.time = true;
    cs::use_utc();
  }

  cs::Skeleton<exitsnoop_bpf> skel(c);
  skel->rodata->trace_threads = o.threads;
  skel->rodata->failed_only = o.failed;
  skel.load_and_attach();

  enum { kLabel, kTime, kComm, kPid, kPpid, kTid, kAge, kExit, kCode, kSignal, kSignalName, kCore };
  cs::Record rec({
      {.header = "LABEL", .key = o.label.empty() ? "" : "label", .width = 10,
       .text = !o.label.empty()},
      // libbpf-tools' header; bcc names the zone with --utc.
      {.header = o.utc ? "TIME-UTC" : "TIME(s)", .key = "time", .width = 8, .text = o.time},
      {.header = "PCOMM", .key = "comm", .width = 16},
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "PPID", .key = "ppid", .width = 7},
      {.header = "TID", .key = "tid", .width = 7},
      {.header = "AGE(s)", .key = "age", .width = 7, .precision = 2},
      {.header = "EXIT_CODE"},
      {.key = "exit_code", .text = false},
      {.key = "signal", .text = false},
      {.key = "signal_name", .text = false},
      {.key = "core_dumped", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string exit_text, sig_name;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<exitsnoop_event>(data, size);
    Status s = decode(e.exit_code);
    if (s.sig)
      exit_text = "signal " + std::to_string(s.sig) + " (" + cs::signal_description(s.sig) + ")" +
                  (s.core ? ", core dumped" : "");
    else
      exit_text = s.code ? "code " + std::to_string(s.code) : "0";
    sig_name = s.sig ? cs::signal_name(s.sig) : "";
    row[kLabel] = std::string_view(o.label);
    row[kTime] = cs::Value::wall_time(e.exit_ns);
    row[kComm] = cs::fixed_str(e.comm);
    row[kPid] = e.pid;
    row[kPpid] = e.ppid;
    row[kTid] = e.tid;
    row[kAge] = e.exit_ns > e.start_ns ? (e.exit_ns - e.start_ns) / 1e9 : 0.0;
    row[kExit] = std::string_view(exit_text);
    row[kCode] = s.code;
    row[kSignal] = s.sig ? cs::Value(s.sig) : cs::Value();
    row[kSignalName] = s.sig ? cs::Value(std::string_view(sig_name)) : cs::Value();
    row[kCore] = s.core;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
