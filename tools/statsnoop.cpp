// statsnoop: trace stat(), lstat(), newfstatat(), statx() and statfs(), one
// line per call, with the path it was given.
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/syscalls.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/syscall_event.h"
#include "statsnoop.h"
#include "statsnoop.skel.h"

namespace {

// The argument that holds the path (the kernel read it as a string).
std::string_view path_of(const cs::SyscallEvent& e) {
  for (int i = 0; i < CS_SYSCALL_ARGS; i++)
    if (e.has_str[i]) return e.str[i];
  return "";
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace stat syscalls");
  bool timestamp = false, failed = false;
  cli.pid_filter("-p,--pid", "Process ID to trace")
      .flag("-t,--timestamp", timestamp, "Include timestamp on output")
      .flag("-x,--failed", failed, "Only show failed stats")
      .uid_filter("-u,--uid", "User ID to trace")
      .duration("--duration")
      .cgroup_filter()
      .examples(R"(EXAMPLES:
  statsnoop             # trace all stat syscalls
  statsnoop -t          # include timestamps
  statsnoop -x          # only show failed stats
  statsnoop -p 1216     # only trace PID 1216
  statsnoop --json      # one JSON object per call)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<statsnoop_bpf> skel(c);
  skel->rodata->failed_only = failed;
  skel.load_and_attach();
  cs::mark_start();

  enum { kTime, kPid, kTid, kUid, kComm, kRet, kErr, kCall, kPath };
  cs::Record rec({
      {.header = "TIME(s)", .key = "time_s", .width = 14, .text = timestamp, .precision = 9},
      {.header = "PID", .key = "pid", .width = 7},
      {.key = "tid", .text = false},
      {.key = "uid", .text = false},
      {.header = "COMM", .key = "comm", .width = 20},
      {.header = "RET", .key = "ret", .width = 4},
      {.header = "ERR", .key = "err", .width = 4},
      {.key = "call", .text = false},
      {.header = "PATH", .key = "path"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  cs::SyscallEvent e;
  std::string call;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    if (!cs::parse_syscall_event(data, size, e)) return;
    const cs_syscall_event& h = e.head;
    row[kTime] = cs::Value::elapsed(h.ts_ns);
    row[kPid] = h.pid;
    row[kTid] = h.tid;
    row[kUid] = h.uid;
    row[kComm] = cs::fixed_str(h.comm);
    row[kRet] = h.ret >= 0 ? h.ret : -1;
    row[kErr] = h.ret >= 0 ? 0 : -h.ret;
    call = cs::syscall_name(h.nr);
    row[kCall] = std::string_view(call);
    row[kPath] = path_of(e);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
