// capable: trace security capability checks (cap_capable()), one line per
// check with the capability, whether it was audited and the verdict.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

#include "common/names/capabilities.h"
#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/symbols/stacks.h"
#include "capable.h"
#include "capable.skel.h"

namespace {

struct Options {
  bool kernel_stack = false, user_stack = false, extra = false;
  std::string unique;
  uint32_t depth = 127, storage = 1024;
};

// AUDIT / INSETID: 1, 0, or "-" where the hook cannot tell.
std::string tri(int v) { return v < 0 ? "-" : std::to_string(v); }

// The frames of a stack copied into the record.  Kernel stacks start inside
// the tracing machinery (the BPF program, bpf_trace_run*, perf_trace_*, a
// trampoline); those leading frames are dropped so the stack starts at
// cap_capable() or its caller, as a kprobe's would.
std::vector<std::string> frames(cs::StackSymbolizer& sym, const __u64* ips, int bytes,
                                bool kernel, uint32_t pid) {
  if (bytes < 0) {
    if (bytes == -EFAULT) return {};  // no user stack: a kernel thread
    return {kernel ? cs::kMissedKernelStack : cs::kMissedUserStack};
  }
  std::vector<uint64_t> v(ips, ips + std::min<size_t>(bytes / 8, CAPABLE_MAX_DEPTH));
  while (!v.empty() && !v.back()) v.pop_back();
  if (!kernel) return sym.user_frames(pid, v);
  std::vector<std::string> f = sym.kernel_frames(v);
  size_t skip = 0;
  for (size_t i = 0; i < f.size() && i < 8; i++)
    for (const char* p : {"bpf_", "__bpf_", "perf_", "trace_", "__traceiter_", "[unknown]"})
      if (f[i].rfind(p, 0) == 0) skip = i + 1;
  f.erase(f.begin(), f.begin() + std::min(skip, f.size()));
  return f;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace security capability checks (cap_capable())");
  Options o;
  cli.flag("-K,--kernel-stack", o.kernel_stack, "Print the kernel stack of each check")
      .flag("-U,--user-stack", o.user_stack, "Print the user stack of each check")
      .flag("-x,--extra-fields", o.extra, "Extra fields: show TID and INSETID columns")
      .choice("-u,--unique", o.unique, {"pid", "cgroup"},
              "Print each capability once per process (pid) or per cgroup (cgroup)")
      .option("--perf-max-stack-depth", o.depth, "Frames kept per stack (default 127)", 1,
              CAPABLE_MAX_DEPTH)
      .option("--stack-storage-size", o.storage,
              "Accepted for compatibility; stacks travel with each event", 1, 1 << 20)
      .pid_filter("-p,--pid", "Trace this PID only")
      .cgroup_filter()
      .examples(R"(EXAMPLES:
  capable                  # trace capability checks
  capable -p 185           # trace this PID only
  capable -c /sys/fs/cgroup/system.slice   # trace processes in this cgroup only
  capable -K               # add kernel stacks to trace
  capable -x               # extra fields: show TID and INSETID columns
  capable -U               # add user-space stacks to trace
  capable -u pid           # print each capability once per process
  capable --json           # one JSON object per check)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<capable_bpf> skel(c);
  skel->rodata->self_tgid = getpid();
  skel->rodata->unique_mode = o.unique == "pid"      ? CAPABLE_UNIQUE_PID
                              : o.unique == "cgroup" ? CAPABLE_UNIQUE_CGROUP
                                                     : CAPABLE_UNIQUE_OFF;
  skel->rodata->kernel_stack = o.kernel_stack;
  skel->rodata->user_stack = o.user_stack;
  skel->rodata->max_depth = o.depth;
  skel.load_and_attach();

  cs::Output& out = cs::out();
  if (!c.json) {
    if (o.extra)
      out.printf("%-8s %-5s %-7s %-7s %-16s %-7s %-20s %-7s %-7s %-7s\n", "TIME", "UID", "PID",
                 "TID", "COMM", "CAP", "NAME", "AUDIT", "VERDICT", "INSETID");
    else
      out.printf("%-8s %-5s %-7s %-16s %-7s %-20s %-7s %-7s\n", "TIME", "UID", "PID", "COMM", "CAP",
                 "NAME", "AUDIT", "VERDICT");
  }

  cs::StackSymbolizer symbols;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<capable_event>(data, size);
    std::string_view comm(e.comm, strnlen(e.comm, sizeof e.comm));
    std::string time = cs::wall_hms(e.ts_ns), name = cs::capability_name(e.cap);
    const char* verdict = e.ret == 0 ? "allow" : "deny";
    cs::StackPart kstack, ustack;
    kstack.shown = o.kernel_stack;
    ustack.shown = o.user_stack;
    if (o.kernel_stack) kstack.frames = frames(symbols, e.kstack, e.kstack_size, true, e.pid);
    if (o.user_stack) ustack.frames = frames(symbols, e.ustack, e.ustack_size, false, e.pid);
    if (c.json) {
      cs::Json j;
      j.str("time", time).unum("uid", e.uid).unum("pid", e.pid).unum("tid", e.tid);
      j.str("comm", comm).num("cap", e.cap).str("name", name);
      if (e.audit < 0) j.null("audit"); else j.boolean("audit", e.audit);
      j.str("verdict", verdict).num("ret", e.ret);
      if (e.insetid < 0) j.null("insetid"); else j.boolean("insetid", e.insetid);
      if (o.kernel_stack) j.raw("kstack", cs::stack_frames_json(kstack));
      if (o.user_stack) j.raw("ustack", cs::stack_frames_json(ustack));
      out.put(j.end());
      return;
    }
    out.printf("%-8s %-5u %-7u ", time.c_str(), e.uid, e.pid);
    if (o.extra) out.printf("%-7u ", e.tid);
    out.put_untrusted(comm, 16);
    out.printf(" %-7d %-20s %-7s %-7s", e.cap, name.c_str(), tri(e.audit).c_str(), verdict);
    if (o.extra) out.printf(" %-7s", tri(e.insetid).c_str());
    out.put('\n');
    if (!o.kernel_stack && !o.user_stack) return;
    for (const cs::StackPart* part : {&kstack, &ustack})
      for (const std::string& f : part->frames) {
        out.put("    ");
        out.put_untrusted(f);
        out.put('\n');
      }
    out.printf("    %-16s ", "-");
    out.put_untrusted(comm);
    out.printf(" (%u)\n", e.pid);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
