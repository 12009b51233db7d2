// syncsnoop: trace sync(), syncfs(), fsync(), fdatasync(), sync_file_range()
// and msync(), one line per call, as bcc's syncsnoop prints sync().
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/syscalls.h"
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
      {.header = "TIME(s)", .key = "time_s", .width = 18, .precision = 9},
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
  cs::SyscallEvent e;
  std::string call;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    if (!cs::parse_syscall_event(data, size, e)) return;
    const cs_syscall_event& h = e.head;
    call = cs::syscall_name(h.nr);
    row[kTime] = h.ts_ns / 1e9;  // the monotonic clock, in seconds, as bcc prints it
    row[kPid] = h.pid;
    row[kTid] = h.tid;
    row[kComm] = cs::fixed_str(h.comm);
    row[kSyscall] = std::string_view(call);
    row[kFd] = takes_fd(h.nr) ? cs::Value(static_cast<int>(h.args[0])) : cs::Value();
    row[kRet] = h.ret;
    row[kCall] = std::string_view(call);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
