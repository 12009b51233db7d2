// opensnoop: trace open(), openat() and openat2(), one line per call.

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/names/open_flags.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/dir_path.h"
#include "opensnoop.h"
#include "opensnoop.skel.h"

namespace {

// 4 MB holds ~47,000 typical records (88 bytes): the reader can fall 0.1 s
// behind a storm of 400,000 opens/s without a loss.  The kernel maps the ring twice, so it
// costs 8 MB of RSS, but only after load: the peak stays libbpf's parse of
// the kernel BTF (see the mallopt in cs::run_main).
constexpr uint32_t kRingBytes = 4u << 20;

struct Options {
  bool timestamp = false, extended = false, failed = false, print_uid = false, full_path = false;
  std::string name;
  std::vector<std::string> flag_filter;
};

// -f O_WRONLY -f O_RDWR -> the kernel filter; an unknown name is a usage error.
cs::OpenFlagFilter parse_flag_filter(const std::vector<std::string>& names) {
  cs::OpenFlagFilter f;
  for (const std::string& name : names)
    if (!cs::add_open_flag(f, name))
      cs::usage_error("unknown open flag '" + name + "' for -f (one of: " + cs::open_flag_names() +
                      ")");
  return f;
}

// The path as printed: with -F, the directory it is relative to in front.
std::string_view shown_path(const opensnoop_event& e, std::string_view data, std::string& buf) {
  size_t path_size = std::min<size_t>(e.path_size, data.size());
  std::string_view path = data.substr(0, path_size);
  if (!path.empty() && path.back() == '\0') path.remove_suffix(1);
  if (e.dir_status != OPENSNOOP_DIR_FULL && e.dir_status != OPENSNOOP_DIR_TRUNCATED) return path;
  std::string_view names = data.substr(path_size, e.dir_size);
  buf = cs::join_dir_path(names, e.dir_status == OPENSNOOP_DIR_FULL, path);
  return buf;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace open family syscalls");
  Options o;
  cli.duration()
      .flag("-e,--extended-fields", o.extended, "Print extended fields (FLAGS, in octal)")
      .option("-n,--name", o.name, "Trace process names containing this", "NAME")
      .pid_filter("-p,--pid", "Process ID to trace")
      .tid_filter("-t,--tid", "Thread ID to trace")
      .flag("-T,--timestamp", o.timestamp, "Print a timestamp (HH:MM:SS)")
      .uid_filter("-u,--uid", "User ID to trace")
      .flag("-U,--print-uid", o.print_uid, "Print UID")
      .flag("-x,--failed", o.failed, "Failed opens only")
      .flag("-F,--full-path", o.full_path, "Show the full path of relative opens")
      .option("-f,--flag-filter", o.flag_filter,
              "Only opens with one of these flags: O_WRONLY,O_RDWR,O_CREAT...", "FLAGS")
      .cgroup_filter()
      .container_map_filters()
      .examples(R"(EXAMPLES:
  opensnoop              # trace all open() syscalls
  opensnoop -T           # include timestamps
  opensnoop -U           # include UID
  opensnoop -x           # only show failed opens
  opensnoop -p 181       # only trace PID 181
  opensnoop -t 123       # only trace TID 123
  opensnoop -u 1000      # only trace UID 1000
  opensnoop -d 10        # trace for 10 seconds only
  opensnoop -n main      # only print process names containing "main"
  opensnoop -e           # show extended fields
  opensnoop -f O_WRONLY,O_RDWR   # only opens for writing
  opensnoop -F           # show the full path of relative opens
  opensnoop -c /sys/fs/cgroup/user.slice   # only trace processes in this cgroup
  opensnoop --json       # one JSON object per open)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (o.name.size() >= OPENSNOOP_COMM_LEN)
    cs::usage_error("-n NAME longer than 15 characters can never match a process name");
  cs::OpenFlagFilter flags;
  if (cli.given("--flag-filter")) flags = parse_flag_filter(o.flag_filter);

  cs::Skeleton<opensnoop_bpf> skel(c, {}, kRingBytes);
  skel->rodata->failed_only = o.failed;
  skel->rodata->full_path = o.full_path;
  skel->rodata->flag_bits = flags.bits;
  skel->rodata->accmode_bits = flags.accmode_bits;
  std::memcpy(const_cast<char*>(skel->rodata->filter_name), o.name.data(), o.name.size());
  skel->rodata->name_len = o.name.size();
  skel.load_and_attach();
  cs::mark_start();

  enum { kTime, kTimestamp, kUid, kPid, kTid, kComm, kFd, kErr, kFlags, kPath };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8, .text = o.timestamp},
      {.key = "timestamp", .text = false},
      {.header = "UID", .key = "uid", .width = 7, .text = o.print_uid},
      {.header = "PID", .key = "pid", .width = 6},
      {.key = "tid", .text = false},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "FD", .key = "fd", .width = 3, .right = true},
      {.header = "ERR", .key = "err", .width = 3, .right = true},
      {.header = "FLAGS", .key = "flags", .width = 8, .text = o.extended, .base = 'o', .zero_pad = true},
      {.header = "PATH", .key = "path"},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  std::string path_buf;
  cs::Row row(rec);
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    constexpr size_t kHeader = offsetof(opensnoop_event, data);
    if (size < kHeader) return;
    opensnoop_event e;  // only the header is filled: data[] is read in place
    std::memcpy(&e, data, kHeader);
    std::string_view rest(static_cast<const char*>(data) + kHeader, size - kHeader);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kTimestamp] = cs::Value::elapsed(e.ts_ns);
    row[kUid] = e.uid;
    row[kPid] = e.pid;
    row[kTid] = e.tid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kFd] = e.ret >= 0 ? e.ret : -1;
    row[kErr] = e.ret >= 0 ? 0 : -e.ret;
    row[kFlags] = e.flags;
    row[kPath] = shown_path(e, rest, path_buf);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
