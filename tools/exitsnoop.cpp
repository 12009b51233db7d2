// exitsnoop: trace process termination, one line per exit with its age and
// exit code or signal.
#include <string>
#include <string_view>

#include "common/names/signals.h"
#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "exitsnoop.h"
#include "exitsnoop.skel.h"

namespace {

struct Options {
  bool time = false, failed = false, threads = false;
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
      .flag("-T,--threaded", o.threads, "Trace every thread's exit, not only processes")
      .pid_filter("-p,--pid", "Trace this process ID only")
      .cgroup_filter()
      .examples(R"(EXAMPLES:
  exitsnoop             # trace process exit events
  exitsnoop -t          # include the time
  exitsnoop -x          # trace error exits only
  exitsnoop -p 1216     # only trace PID 1216
  exitsnoop -T          # trace by thread
  exitsnoop -c /sys/fs/cgroup/system.slice   # only processes in this cgroup
  exitsnoop --json      # one JSON object per exit)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<exitsnoop_bpf> skel(c);
  skel->rodata->trace_threads = o.threads;
  skel->rodata->failed_only = o.failed;
  skel.load_and_attach();

  cs::Output& out = cs::out();
  if (!c.json) {
    if (o.time) out.printf("%-8s ", "TIME(s)");  // libbpf-tools' header for HH:MM:SS
    out.printf("%-16s %-7s %-7s %-7s %-7s %-s\n", "PCOMM", "PID", "PPID", "TID", "AGE(s)",
               "EXIT_CODE");
  }

  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<exitsnoop_event>(data, size);
    std::string_view comm(e.comm, strnlen(e.comm, sizeof e.comm));
    double age = e.exit_ns > e.start_ns ? (e.exit_ns - e.start_ns) / 1e9 : 0;
    Status s = decode(e.exit_code);
    if (c.json) {
      cs::Json j;
      j.str("time", cs::wall_hms(e.exit_ns))
          .str("comm", comm)
          .unum("pid", e.pid)
          .unum("ppid", e.ppid)
          .unum("tid", e.tid)
          .real("age", age)
          .num("exit_code", s.code);
      if (s.sig) j.num("signal", s.sig).str("signal_name", cs::signal_name(s.sig));
      else j.null("signal").null("signal_name");
      out.put(j.boolean("core_dumped", s.core).end());
      return;
    }
    if (o.time) out.printf("%8s ", cs::wall_hms(e.exit_ns).c_str());
    out.put_untrusted(comm, 16);
    out.printf(" %-7u %-7u %-7u %-7.2f ", e.pid, e.ppid, e.tid, age);
    if (s.sig) {
      out.printf("signal %d (%s)", s.sig, cs::signal_description(s.sig).c_str());
      if (s.core) out.put(", core dumped");
    } else if (s.code) {
      out.printf("code %d", s.code);
    } else {
      out.put('0');
    }
    out.put('\n');
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
