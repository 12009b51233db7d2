// syncsnoop: trace sync(), syncfs(), fsync(), fdatasync(), sync_file_range()
// and msync(), one line per call, as bcc's syncsnoop prints sync().
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/name_table.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/syscall_event.h"
#include "syncsnoop.h"
#include "syncsnoop.skel.h"

namespace {

// The calls whose first argument is a file descriptor.
bool takes_fd(uint32_t nr) {
  return nr == SYNCSNOOP_NR_FSYNC || nr == SYNCSNOOP_NR_FDATASYNC || nr == SYNCSNOOP_NR_SYNCFS ||
         nr == SYNCSNOOP_NR_SYNC_FILE_RANGE;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace sync syscalls");
  cli.pid_filter("-p,--pid", "Process ID to trace")
      .duration("--duration")
      .examples(R"(EXAMPLES:
  syncsnoop             # trace sync syscalls
  syncsnoop -p 1216     # only trace PID 1216
  syncsnoop --json      # one JSON object per call, with PID, COMM, fd and result)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<syncsnoop_bpf> skel(c);
  skel.load_and_attach();

  enum { kTime, kPid, kTid, kComm, kSyscall, kFd, kRet, kCall };
  cs::Record rec({
      {.header = "TIME(s)", .key = "monotonic", .width = 18, .precision = 9},
      {.key = "pid", .text = false},
      {.key = "tid", .text = false},
      {.key = "comm", .text = false},
      {.key = "syscall", .text = false},
      {.key = "fd", .text = false},
      {.key = "ret", .text = false},
      {.header = "CALL", .suffix = "()"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string name;
  auto show = [&](const cs::SyscallEvent& e) {
    const cs_syscall_event& call = e.head;
    name = cs::syscall_names().name(call.nr);
    row[kTime] = call.ts_ns / 1e9;  // the monotonic clock, in seconds, as bcc prints it
    row[kSyscall] = row[kCall] = std::string_view(name);
    row[kFd] = takes_fd(call.nr) ? cs::Value(static_cast<int>(call.args[0])) : cs::Value();
    row[kRet] = call.ret;
    row[kPid] = call.pid;
    row[kTid] = call.tid;
    row[kComm] = cs::fixed_str(call.comm);
    sink.event(rec, row);
  };
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, cs::syscall_handler(show));
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
