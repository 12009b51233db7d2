// threadsnoop: trace new threads, with the start routine of pthread_create().
#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/runtime/uprobes.h"
#include "common/symbols/usyms.h"
#include "common/system/dir_path.h"
#include "threadsnoop.h"
#include "threadsnoop.skel.h"

namespace {

struct Options {
  std::string libc;
  bool kernel_only = false, uprobe_only = false;
};

// The ELF file whose pthread_create() to probe: -l, else the system's C
// library (glibc 2.34+ or musl), else libpthread (older glibc).  "" if none.
std::string pthread_library(const Options& o) {
  if (!o.libc.empty()) return o.libc;
  for (const char* soname : {"libc.so.6", "libc.musl-x86_64.so.1", "libpthread.so.0"}) {
    std::string path = cs::find_library(soname);
    if (!path.empty() && cs::elf_defines(path, "pthread_create")) return path;
  }
  return "";
}

// FUNC: the start routine's symbol, its address where it has none, or
// "[unknown]" when the thread did not come from the probed pthread_create().
std::string func_name(cs::UserSymbols& syms, const threadsnoop_event& e, size_t size) {
  if (!(e.flags & THREADSNOOP_HAVE_START)) return "[unknown]";
  std::string name = syms.name_of(static_cast<pid_t>(e.pid), e.start);
  if (name != "[unknown]") return name;
  // The process exited before we read its maps: a routine in its main
  // program is still found through the executable the kernel named.
  size_t avail = size - offsetof(threadsnoop_event, exe_names);
  if (e.exe_len && e.start >= e.code_start && e.start < e.code_end) {
    std::string_view names(e.exe_names, std::min<size_t>({e.exe_len, avail, sizeof e.exe_names}));
    std::string path = cs::join_dir_path(names, e.flags & THREADSNOOP_EXE_COMPLETE, "");
    if (!path.empty() && path.back() == '/') path.pop_back();
    name = syms.name_in_executable(path, e.code_start, e.start);
    if (!name.empty()) return name;
  }
  char hex[32];
  std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(e.start));
  return hex;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace new threads (pthread_create() and every other clone() of a thread)");
  Options o;
  cli.option("-l,--libc", o.libc,
             "ELF file whose pthread_create() to probe for FUNC (default: the system's libc)",
             "PATH")
      .flag("--kernel-only", o.kernel_only,
            "Only the kernel's view: every new thread, FUNC not resolved (no uprobe)")
      .flag("--uprobe-only", o.uprobe_only,
            "Only pthread_create() calls in the probed library, as bcc's threadsnoop")
      .pid_filter("-p,--pid", "Trace threads created by this process only")
      .uid_filter()
      .cgroup_filter()
      .excludes("--kernel-only", "--uprobe-only")
      .excludes("--kernel-only", "--libc")
      .examples(R"(EXAMPLES:
  threadsnoop                 # trace new threads, FUNC from libc's pthread_create()
  threadsnoop -p 181          # only threads created by PID 181
  threadsnoop -l /opt/app/bin/server   # probe pthread_create() in a static binary
  threadsnoop --kernel-only   # no uprobe: every new thread, FUNC shows [unknown]
  threadsnoop --uprobe-only   # pthread_create() calls only, as bcc's threadsnoop
  threadsnoop --json          # one JSON object per new thread)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  std::string lib = o.kernel_only ? "" : pthread_library(o);
  if (lib.empty() && o.uprobe_only)
    cs::fail("no libc with pthread_create() found on this system; name one with -l PATH");
  if (lib.empty() && !o.kernel_only)
    std::fprintf(stderr, "%s: no libc with pthread_create() found; FUNC shows [unknown] "
                 "(name one with -l PATH)\n", cs::tool_name().c_str());

  cs::Skeleton<threadsnoop_bpf> skel(c, cs::HookPlan()
                                            .without("newtask", o.uprobe_only)
                                            .without("pthread_create_entry", lib.empty())
                                            .without("pthread_create_return", lib.empty() || o.uprobe_only));
  skel->rodata->emit_from_uprobe = o.uprobe_only;
  skel.load();
  // Skeleton::attach() would refuse the uprobes (no target in their SEC()).
  for (bpf_program* p : {skel->progs.newtask__btf, skel->progs.newtask__raw, skel->progs.newtask__tp}) {
    if (!bpf_program__autoload(p)) continue;
    bpf_link* l = bpf_program__attach(p);
    if (!l) cs::fail(std::string("cannot attach ") + bpf_program__section_name(p) + ": " +
                     cs::errno_text(errno));
    skel.adopt(l);
  }
  if (!lib.empty()) {  // with -p, only that process takes the uprobe traps
    int pid = c.pid ? static_cast<int>(c.pid) : -1;
    skel.adopt(cs::attach_uprobe(skel->progs.pthread_create_entry, lib, "pthread_create", false, pid));
    if (!o.uprobe_only)
      skel.adopt(cs::attach_uprobe(skel->progs.pthread_create_return, lib, "pthread_create", true, pid));
  }
  cs::mark_start();

  enum { kTimeMs, kPid, kTid, kPtid, kComm, kFunc, kStart };
  cs::Record rec({
      {.header = "TIME(ms)", .key = "time_ms", .width = 10},
      {.header = "PID", .key = "pid", .width = 7},
      {.key = "tid", .text = false},
      {.key = "ptid", .text = false},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "FUNC", .key = "func"},
      {.key = "start", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::UserSymbols syms;
  cs::Row row(rec);
  std::string func;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<threadsnoop_event>(data, size);
    func = func_name(syms, e, size);
    row[kTimeMs] = static_cast<uint64_t>(cs::seconds_since_start(e.ts_ns) * 1000);
    row[kPid] = e.pid;
    row[kTid] = e.flags & THREADSNOOP_HAVE_TID ? cs::Value(e.tid) : cs::Value();
    row[kPtid] = e.ptid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kFunc] = std::string_view(func);
    row[kStart] = e.flags & THREADSNOOP_HAVE_START ? cs::Value(e.start) : cs::Value();
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
