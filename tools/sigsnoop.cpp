// sigsnoop: trace signals as the kernel generates them, or (-k) the kill
// system calls.  Installed as killsnoop too, which is sigsnoop -k: the kill
// calls its name promises, in sigsnoop's columns (libbpf-tools has no
// killsnoop of its own; Debian's package links the name to sigsnoop).
#include <bpf/libbpf.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/cli/list_text.h"
#include "common/names/signals.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "sigsnoop.h"
#include "sigsnoop.skel.h"

namespace {

struct Options {
  bool failed = false, kill = false, names = false;
  std::string signals;
  uint32_t target = 0;
};

const char* const kSources[] = {"signal", "kill", "tkill", "tgkill"};

// "1,9,TERM,RTMIN+2" -> bit sig-1 for each; usage error on a bad item.
uint64_t signal_mask(const std::string& list) {
  uint64_t mask = 0;
  for (const std::string& item : cs::split_list(list)) {
    auto sig = cs::parse_signal(item);
    if (!sig || *sig == 0) cs::usage_error("invalid signal '" + item + "' in -s " + list);
    mask |= 1ULL << (*sig - 1);
  }
  return mask;
}

int body(int argc, char** argv) {
  const bool killsnoop = cs::tool_name().find("killsnoop") != std::string::npos;
  cs::Cli cli(killsnoop ? "Trace signals issued by the kill(), tkill() and tgkill() syscalls"
                        : "Trace standard and real-time signals");
  Options o;
  cli.flag("-x,--failed", o.failed, "Trace failed signals only")
      .flag("-k,--kill", o.kill,
            killsnoop ? "Trace signals issued by kill syscalls only (always, as killsnoop)"
                      : "Trace signals issued by kill syscalls only")
      .flag("-n,--name", o.names, "Output signal name instead of signal number")
      .option("-s,--signal", o.signals, "Trace these signals only (numbers or names, comma-separated)",
              "SIGNAL[,...]")
      .pid_filter("-p,--pid", "Trace signals sent by these processes only")
      .option("-T,--tpid", o.target, "Trace signals sent to this PID (or TID) only", 1, 0x3fffffff,
              "PID")
      .examples(killsnoop ? R"(EXAMPLES:
  killsnoop             # trace kill(), tkill() and tgkill() system-wide
  killsnoop -x          # only show failed kills
  killsnoop -p 181      # only trace signals sent by PID 181
  killsnoop -T 181      # only trace signals sent to PID 181
  killsnoop -s 13       # only trace signal 13
  killsnoop --json      # one JSON object per kill())"
                          : R"(EXAMPLES:
  sigsnoop              # trace signals system-wide
  sigsnoop -k           # trace signals issued by kill syscalls only
  sigsnoop -x           # trace failed signals only
  sigsnoop -p 1216      # only trace PID 1216
  sigsnoop -T 1216      # only trace signals sent to PID 1216
  sigsnoop -s 1,9,TERM  # only trace signals 1, 9 and 15
  sigsnoop -n --json    # one JSON object per signal)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  uint64_t mask = cli.given("--signal") ? signal_mask(o.signals) : 0;
  const bool syscalls = o.kill || killsnoop;

  // One set of hooks: generated signals, or the kill calls.
  cs::HookPlan plan;
  if (syscalls)
    plan.without("signal_generate");
  else
    for (const char* h : {"sys_exit", "kill_enter", "kill_exit", "tkill_enter", "tkill_exit", "tgkill_enter",
                          "tgkill_exit"})
      plan.without(h);
  cs::Skeleton<sigsnoop_bpf> skel(c, plan);
  skel->rodata->target_signals = mask;
  skel->rodata->failed_only = o.failed;
  skel->rodata->target_pid = static_cast<int32_t>(o.target);
  skel->rodata->kill_syscalls = SIGSNOOP_WANT(SIGSNOOP_KILL) | SIGSNOOP_WANT(SIGSNOOP_TKILL) |
                                SIGSNOOP_WANT(SIGSNOOP_TGKILL);
  skel.load_and_attach();

  enum { kTime, kPid, kTid, kComm, kSigText, kSig, kSigName, kTpid, kTcomm, kResult, kSource };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "PID", .key = "pid", .width = 7},
      {.key = "tid", .text = false},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "SIG", .width = 9},  // a number, or a name with -n
      {.key = "sig", .text = false},
      {.key = "signal_name", .text = false},
      {.header = "TPID", .key = "tpid", .width = 7},
      {.key = "tcomm", .text = false},
      {.header = "RESULT", .key = "result", .width = 6},
      {.key = "source", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string sig_text, sig_name;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<sigsnoop_event>(data, size);
    sig_name = e.sig ? cs::signal_name(e.sig) : "";  // signal 0 only probes: it has no name
    sig_text = o.names && e.sig ? sig_name : std::to_string(e.sig);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kSigText] = std::string_view(sig_text);
    row[kSig] = e.sig;
    row[kSigName] = e.sig ? cs::Value(std::string_view(sig_name)) : cs::Value();
    row[kTpid] = e.tpid;
    row[kTcomm] = e.source == SIGSNOOP_GENERATE
                      ? cs::Value(cs::fixed_str(e.tcomm))
                      : cs::Value();
    row[kResult] = e.ret;
    row[kSource] = kSources[e.source & 3];
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
