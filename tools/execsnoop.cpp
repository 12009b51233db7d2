// execsnoop: trace exec() calls, one line per exec with its arguments.
#include <regex.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/base/fixed_str.h"
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

// A POSIX extended regular expression, as bcc's -n and -l take (Python's re
// there); an invalid one is a usage error.
class Pattern {
 public:
  Pattern(const std::string& flag, const std::string& text) : set_(!text.empty()) {
    if (!set_) return;
    int err = regcomp(&re_, text.c_str(), REG_EXTENDED | REG_NOSUB);
    if (err) {
      char why[128];
      regerror(err, &re_, why, sizeof why);
      cs::usage_error(flag + " " + text + ": not a valid extended regular expression: " + why);
    }
  }
  ~Pattern() {
    if (set_) regfree(&re_);
  }
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;
  // Unset matches everything; `s` must be NUL-terminated at s.size().
  bool matches(std::string_view s) const { return !set_ || regexec(&re_, s.data(), 0, nullptr, 0) == 0; }

 private:
  bool set_;
  regex_t re_;
};

// A pattern of plain characters between optional anchors needs its whole
// length of comm, which the kernel cuts to 15 bytes.
bool literal_longer_than_comm(std::string_view p) {
  if (!p.empty() && p.front() == '^') p.remove_prefix(1);
  if (!p.empty() && p.back() == '$') p.remove_suffix(1);
  return p.size() > EXECSNOOP_COMM_LEN - 1 && p.find_first_of(".[]()*+?{}|^$\\") == std::string_view::npos;
}

// The filename as the kernel names it: execveat() relative to a directory
// descriptor is /dev/fd/N/NAME (/dev/fd/N with AT_EMPTY_PATH).
std::string filename_of(const execsnoop_event& e, size_t size) {
  size_t avail = size - offsetof(execsnoop_event, data);
  std::string_view f(e.data, std::min<size_t>({e.filename_size, avail, sizeof e.data}));
  f = f.substr(0, f.find('\0'));
  if (e.dirfd == EXECSNOOP_AT_FDCWD || (!f.empty() && f.front() == '/')) return std::string(f);
  std::string path = "/dev/fd/" + std::to_string(e.dirfd);
  if (!f.empty()) path.append("/").append(f);
  return path;
}

// Splits the NUL-separated arguments after the filename into at most `max`.
std::vector<std::string_view> split_args(const execsnoop_event& e, size_t size, uint32_t max,
                                         bool& truncated) {
  std::vector<std::string_view> args;
  size_t avail = size - offsetof(execsnoop_event, data);
  size_t from = std::min<size_t>({e.filename_size, avail, sizeof e.data});
  size_t len = std::min<size_t>(e.args_size, avail - from);
  std::string_view all(e.data + from, len);
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
      .option("-n,--name", o.name, "Only print commands whose name (PCOMM) matches this regex",
              "NAME")
      .option("-l,--line", o.line, "Only print commands whose filename and arguments match this regex",
              "LINE")
      .option("--max-args", o.max_args, "Print at most N arguments, the filename included (default 20)",
              1, EXECSNOOP_MAX_ARGS)
      .option("-P,--ppid", o.ppid, "Trace only children of this parent PID", 1, 0x3fffffff, "PPID")
      .uid_filter("-u,--uid", "Trace this user only (a name or a UID)")
      .cgroup_filter()
      .container_map_filters()
      .examples(R"(EXAMPLES:
  execsnoop              # trace all exec() syscalls
  execsnoop -x           # include failed exec()s
  execsnoop -T           # include time (HH:MM:SS)
  execsnoop -U           # include UID
  execsnoop -u 1000      # only trace UID 1000
  execsnoop -u postgres  # only trace user postgres
  execsnoop -t           # include timestamps
  execsnoop -q           # add "quotemarks" around arguments
  execsnoop -n main      # only print commands whose name contains "main"
  execsnoop -n '^(sh|bash)$'   # only print shells
  execsnoop -l tpkg      # only print command lines containing "tpkg"
  execsnoop -P 1234      # only trace children of PID 1234
  execsnoop -c /sys/fs/cgroup/user.slice   # only trace processes in this cgroup
  execsnoop --json       # one JSON object per exec)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  if (literal_longer_than_comm(o.name))
    cs::usage_error("-n " + o.name + ": longer than 15 characters, can never match a process name");
  Pattern name_re("-n", o.name), line_re("-l", o.line);
  const cs::Common& c = cli.common();

  cs::Skeleton<execsnoop_bpf> skel(c);
  skel->rodata->include_failed = o.fails;
  skel->rodata->max_args = o.max_args;
  skel->rodata->filter_ppid = o.ppid;
  skel.load_and_attach();
  cs::mark_start();

  enum { kTime, kTimestamp, kUid, kComm, kPid, kPpid, kRet, kLine, kFilename, kArgs, kTruncated };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8, .text = o.time},
      {.header = "TIME(s)", .key = "timestamp", .width = 8, .text = o.timestamp},
      {.header = "UID", .key = "uid", .width = 6, .text = o.print_uid},
      {.header = "PCOMM", .key = "comm", .width = 16},
      {.header = "PID", .key = "pid", .width = 6},
      {.header = "PPID", .key = "ppid", .width = 6},
      {.header = "RET", .key = "ret", .width = 3, .right = true},
      {.header = "ARGS", .quote = o.quote},  // text only: the filename, then the arguments
      {.key = "filename", .text = false},
      {.key = "args", .text = false},
      {.key = "args_truncated", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<execsnoop_event>(data, size);
    std::string comm(cs::fixed_str(e.comm));
    bool truncated = e.args_truncated;
    std::string filename = filename_of(e, size);
    auto args = split_args(e, size, o.max_args - 1, truncated);
    if (!name_re.matches(comm)) return;
    // bcc matches -l against the command line joined by spaces.
    std::vector<std::string_view> shown{filename};
    shown.insert(shown.end(), args.begin(), args.end());
    if (!o.line.empty()) {
      std::string joined = filename;
      for (auto a : args) joined.append(" ").append(a);
      if (!line_re.matches(joined)) return;
    }
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kTimestamp] = cs::Value::elapsed(e.ts_ns);
    row[kUid] = e.uid;
    row[kComm] = std::string_view(comm);
    row[kPid] = e.pid;
    row[kPpid] = e.ppid;
    row[kRet] = e.retval;
    row[kLine] = cs::Value(shown, truncated);
    row[kFilename] = std::string_view(filename);
    row[kArgs] = cs::Value(args, truncated);
    row[kTruncated] = truncated;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
