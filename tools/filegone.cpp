// filegone: trace why a file is gone: deleted or renamed, by whom, as bcc's
// filegone.
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/name_table.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/syscall_event.h"
#include "filegone.h"
#include "filegone.skel.h"

namespace {

bool is_rename(uint32_t nr) {
  return nr == CS_NR_RENAME || nr == CS_NR_RENAMEAT || nr == CS_NR_RENAMEAT2;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace why file gone (deleted or renamed).");
  cli.pid_filter("-p,--pid", "trace this PID only")
      .duration("--duration")
      .examples(R"(EXAMPLES:
  filegone              # trace all file gone events
  filegone -p 181       # only trace PID 181
  filegone --json       # one JSON object per deletion or rename)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<filegone_bpf> skel(c);
  skel.load_and_attach();

  enum { kTime, kPid, kTid, kUid, kComm, kAction, kSyscall, kFile, kNew, kText };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "PID", .key = "pid", .width = 7},
      {.key = "tid", .text = false},
      {.key = "uid", .text = false},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "ACTION", .key = "action", .width = 6, .right = true},
      {.key = "syscall", .text = false},
      {.key = "file", .text = false},
      {.key = "new_file", .text = false},
      {.header = "FILENAME"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string name, both;
  auto show = [&](const cs::SyscallEvent& e) {
    const cs_syscall_event& call = e.head;
    // What reached the file system and made a file go: a call that
    // succeeded; unlinkat(AT_REMOVEDIR) is rmdir, which the peer leaves out.
    if (call.ret != 0 || (call.nr == CS_NR_UNLINKAT && (call.args[2] & CS_AT_REMOVEDIR))) return;
    bool rename = is_rename(call.nr);
    bool at = call.nr != CS_NR_UNLINK && call.nr != CS_NR_RENAME;  // a directory fd first
    std::string_view from = e.str[at ? 1 : 0];
    std::string_view to = rename ? e.str[at ? 3 : 1] : std::string_view();
    name = cs::syscall_names().name(call.nr);
    both.assign(from);
    if (rename) both.append(" > ").append(to);
    row[kTime] = cs::Value::wall_time(call.ts_ns);
    row[kPid] = call.pid;
    row[kTid] = call.tid;
    row[kUid] = call.uid;
    row[kComm] = cs::fixed_str(call.comm);
    row[kAction] = rename ? "RENAME" : "DELETE";
    row[kSyscall] = std::string_view(name);
    row[kFile] = from;
    row[kNew] = rename ? cs::Value(to) : cs::Value();
    row[kText] = std::string_view(both);
    sink.event(rec, row);
  };
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, cs::syscall_handler(show));
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
