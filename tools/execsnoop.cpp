// execsnoop: trace exec() calls, one line per exec with its arguments.
#include <string>
#include <string_view>
#include <vector>

#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "execsnoop.h"
#include "execsnoop.skel.h"

namespace {

struct Options {
  bool time = false, timestamp = false, fails = false, quote = false, print_uid = false;
  std::string name, line;
  uint32_t max_args = 20;
  uint32_t ppid = 0;
};

// Splits the NUL-separated argument area into at most `max` strings.
std::vector<std::string_view> split_args(const execsnoop_event& e, size_t size, uint32_t max,
                                         bool& truncated) {
  std::vector<std::string_view> args;
  size_t len = std::min<size_t>(e.args_size, size - offsetof(execsnoop_event, args));
  std::string_view all(e.args, len);
  while (!all.empty()) {
    if (args.size() == max) {
      truncated = true;
      break;
    }
    size_t nul = all.find('\0');
    args.push_back(all.substr(0, nul));
    all.remove_prefix(nul == std::string_view::npos ? all.size() : nul + 1);
  }
  return args;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace exec() syscalls");
  Options o;
  cli.flag("-T,--time", o.time, "Include a time column (HH:MM:SS)")
      .flag("-t,--timestamp", o.timestamp, "Include a timestamp column (seconds since start)")
      .flag("-x,--fails", o.fails, "Include failed exec()s")
      .flag("-q,--quote", o.quote, "Put quotemarks (\") around arguments")
      .flag("-U,--print-uid", o.print_uid, "Include a UID column")
      .option("-n,--name", o.name, "Only print commands whose name contains NAME", "NAME")
      .option("-l,--line", o.line, "Only print commands where an argument contains LINE", "LINE")
      .option("--max-args", o.max_args, "Print at most N arguments (default 20)", 1,
              EXECSNOOP_MAX_ARGS)
      .option("-P,--ppid", o.ppid, "Trace only children of this parent PID", 1, 0x3fffffff, "PPID")
      .uid_filter()
      .cgroup_filter()
      .examples(R"(EXAMPLES:
  execsnoop              # trace all exec() syscalls
  execsnoop -x           # include failed exec()s
  execsnoop -T           # include time (HH:MM:SS)
  execsnoop -U           # include UID
  execsnoop -u 1000      # only trace UID 1000
  execsnoop -t           # include timestamps
  execsnoop -q           # add "quotemarks" around arguments
  execsnoop -n main      # only print commands whose name contains "main"
  execsnoop -l tpkg      # only print commands with an argument containing "tpkg"
  execsnoop -P 1234      # only trace children of PID 1234
  execsnoop -c /sys/fs/cgroup/user.slice   # only trace processes in this cgroup
  execsnoop --json       # one JSON object per exec)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<execsnoop_bpf> skel(c);
  skel->rodata->include_failed = o.fails;
  skel->rodata->max_args = o.max_args;
  skel->rodata->filter_ppid = o.ppid;
  skel.load_and_attach();
  cs::mark_start();

  enum { kTime, kTimestamp, kUid, kComm, kPid, kPpid, kRet, kArgs, kTruncated };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8, .text = o.time},
      {.header = "TIME(s)", .key = "timestamp", .width = 8, .text = o.timestamp},
      {.header = "UID", .key = "uid", .width = 6, .text = o.print_uid},
      {.header = "PCOMM", .key = "comm", .width = 16},
      {.header = "PID", .key = "pid", .width = 6},
      {.header = "PPID", .key = "ppid", .width = 6},
      {.header = "RET", .key = "ret", .width = 3, .right = true},
      {.header = "ARGS", .key = "args", .quote = o.quote},
      {.key = "args_truncated", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<execsnoop_event>(data, size);
    std::string_view comm(e.comm, strnlen(e.comm, sizeof e.comm));
    bool truncated = e.args_truncated;
    auto args = split_args(e, size, o.max_args, truncated);
    if (!o.name.empty() && comm.find(o.name) == std::string_view::npos) return;
    if (!o.line.empty()) {
      bool hit = false;
      for (auto a : args) hit = hit || a.find(o.line) != std::string_view::npos;
      if (!hit) return;
    }
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kTimestamp] = cs::Value::elapsed(e.ts_ns);
    row[kUid] = e.uid;
    row[kComm] = comm;
    row[kPid] = e.pid;
    row[kPpid] = e.ppid;
    row[kRet] = e.retval;
    row[kArgs] = cs::Value(args, truncated);
    row[kTruncated] = truncated;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
