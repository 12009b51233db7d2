// capable: trace security capability checks (cap_capable()), one line per
// check with the capability, whether it was audited and the verdict.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/names/capabilities.h"
#include "common/output/escape.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/stack_counts.h"
#include "common/symbols/stacks.h"
#include "capable.h"
#include "capable.skel.h"

namespace {

struct Options {
  bool kernel_stack = false, user_stack = false, extra = false, noaudit = false;
  std::string unique;
  uint32_t depth = 127, storage = 1024;
};

// The frames of a stack copied into the record.  Kernel stacks start inside
// the tracing machinery (the BPF program, bpf_trace_run*, perf_trace_*, a
// trampoline); those leading frames are dropped so the stack starts at
// cap_capable() or its caller, as a kprobe's would.  Leading "[unknown]"
// frames go too: a program or trampoline kallsyms does not name.
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
  cs::trim_tracing_frames(f, v, {.unknown = true});
  return f;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace security capability checks (cap_capable())");
  Options o;
  cli.flag("-K,--kernel-stack", o.kernel_stack, "Print the kernel stack of each check")
      .flag("-U,--user-stack", o.user_stack, "Print the user stack of each check")
      .flag("-x,--extra-fields", o.extra, "Extra fields: show TID and INSETID columns")
      .flag("-v,--verbose", o.noaudit,
            "Include non-audit checks, as both peers' -v (libbpf's log: --libbpf-log)")
      .choice("-u,--unique", o.unique, {"pid", "cgroup"},
              "Print each capability once per process (pid, also -u alone) or per cgroup (cgroup)",
              "pid")
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
  capable -v               # include non-audit checks
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
  skel->rodata->include_noaudit = o.noaudit;
  skel.load_and_attach();

  enum { kTime, kUid, kPid, kTid, kComm, kCap, kName, kAudit, kVerdict, kRet, kInsetid, kKstack, kUstack };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "UID", .key = "uid", .width = 5},
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "TID", .key = "tid", .width = 7, .text = o.extra},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "CAP", .key = "cap", .width = 7},
      {.header = "NAME", .key = "name", .width = 20},
      {.header = "AUDIT", .key = "audit", .width = 7},    // "-" where the hook cannot tell
      {.header = "VERDICT", .key = "verdict", .width = 7},
      {.key = "ret", .text = false},
      {.header = "INSETID", .key = "insetid", .width = 7, .text = o.extra},
      {.key = o.kernel_stack ? "kstack" : "", .text = false},
      {.key = o.user_stack ? "ustack" : "", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::StackSymbolizer symbols;
  cs::Row row(rec);
  std::string name;
  std::vector<std::string> kframes, uframes;
  std::vector<std::string_view> kviews, uviews;
  auto views = [](const std::vector<std::string>& f, std::vector<std::string_view>& v) {
    v.assign(f.begin(), f.end());
    return std::span<const std::string_view>(v);
  };
  auto tri = [](int v) { return v < 0 ? cs::Value() : cs::Value(v != 0); };
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<capable_event>(data, size);
    std::string_view comm = cs::fixed_str(e.comm);
    name = cs::capability_name(e.cap);
    if (o.kernel_stack) kframes = frames(symbols, e.kstack, e.kstack_size, true, e.pid);
    if (o.user_stack) uframes = frames(symbols, e.ustack, e.ustack_size, false, e.pid);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kUid] = e.uid;
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kComm] = comm;
    row[kCap] = e.cap;
    row[kName] = std::string_view(name);
    row[kAudit] = tri(e.audit);
    row[kVerdict] = e.ret == 0 ? "allow" : "deny";
    row[kRet] = e.ret;
    row[kInsetid] = tri(e.insetid);
    row[kKstack] = views(kframes, kviews);
    row[kUstack] = views(uframes, uviews);
    sink.event(rec, row);
    if (sink.json() || (!o.kernel_stack && !o.user_stack)) return;
    // Text: the stacks under the line, in bcc's layout.
    std::string& out = cs::out().buffer();
    for (const auto* part : {&kframes, &uframes})
      for (const std::string& f : *part) {
        out += "    ";
        cs::append_text_escaped(out, f);
        out += '\n';
      }
    out += "    -                ";
    cs::append_text_escaped(out, comm);
    out += " (" + std::to_string(e.pid) + ")\n";
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
