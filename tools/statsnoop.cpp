// statsnoop: trace stat(), lstat(), newfstatat(), statx() and statfs(), one
// line per call, with the path it was given.
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/name_table.h"
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
      {.header = "TIME(s)", .key = "timestamp", .width = 14, .text = timestamp, .precision = 9},
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
  std::string call;
  auto show = [&](const cs::SyscallEvent& e) {
    bool failed = e.head.ret < 0;
    call = cs::syscall_names().name(e.head.nr);
    row[kTime] = cs::Value::elapsed(e.head.ts_ns);
    row[kRet] = failed ? -1 : e.head.ret;  // libbpf-tools: the result, -1 on failure
    row[kErr] = failed ? -e.head.ret : 0;
    row[kPid] = e.head.pid;
    row[kTid] = e.head.tid;
    row[kUid] = e.head.uid;
    row[kComm] = cs::fixed_str(e.head.comm);
    row[kCall] = std::string_view(call);
    row[kPath] = path_of(e);
    sink.event(rec, row);
  };
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, cs::syscall_handler(show));
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
