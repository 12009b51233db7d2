// syscount: summarize syscall counts and latencies, per syscall or per process.
#include <bpf/bpf.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/names/name_table.h"
#include "common/output/clock.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "syscount.h"
#include "syscount.skel.h"

namespace {

struct Row {
  uint32_t key;
  syscount_val v;
};

// Takes every entry out of the map, in batches (kernel 5.6+).
std::vector<Row> drain(int fd) {
  std::vector<uint32_t> keys(SYSCOUNT_MAX_ENTRIES);
  std::vector<syscount_val> vals(SYSCOUNT_MAX_ENTRIES);
  uint32_t got = 0, batch = 0;
  for (bool first = true; got < SYSCOUNT_MAX_ENTRIES; first = false) {
    uint32_t n = SYSCOUNT_MAX_ENTRIES - got;
    int err = bpf_map_lookup_and_delete_batch(fd, first ? nullptr : &batch, &batch, &keys[got],
                                              &vals[got], &n, nullptr);
    got += n;
    if ((err && errno == ENOENT) || (!err && !n)) break;  // the whole map has been read
    if (err) cs::fail("cannot read the counts map: " + cs::errno_text(errno));
  }
  std::vector<Row> rows;
  for (uint32_t i = 0; i < got; i++) rows.push_back({keys[i], vals[i]});
  return rows;
}

enum { kPid, kComm, kSyscall, kNr, kCount, kTime, kTotal };

void hide(cs::Column& c) {
  c.key = {};
  c.text = false;
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize syscall counts and latencies");
  cs::Common& c = cli.common();
  bool failures = false, latency = false, ms = false, by_process = false, list = false;
  uint32_t top = 10;
  std::string errno_arg, syscall_arg;
  cli.pid_filter("-p,--pid", "Trace this process only")
      .tid_filter("-t,--tid", "Trace this thread only")
      .cgroup_filter("-c,--cgroup")
      .option("-i,--interval", c.interval,
              "Print a summary every INTERVAL seconds (default: once, at the end)", 0.001, 1e9,
              "INTERVAL")
      .duration("-d,--duration")
      .option("-T,--top", top, "Print only the top TOP entries (default 10)", 1, UINT32_MAX, "TOP")
      .flag("-x,--failures", failures, "Count only failed syscalls")
      .option("-e,--errno", errno_arg, "Count only syscalls that fail with this error (ENOENT or 2)",
              "ERRNO")
      .flag("-L,--latency", latency, "Also measure syscall latency, and sort by it")
      .flag("-m,--milliseconds", ms, "Show latency in milliseconds (default: microseconds)")
      .flag("-P,--process", by_process, "Count by process, not by syscall")
      .flag("-l,--list", list, "Print the syscalls this tool knows and exit")
      .option("--syscall", syscall_arg, "Count only this syscall (name or number)", "SYSCALL")
      .examples(R"(EXAMPLES:
  syscount                 # top 10 syscalls by count, printed at Ctrl-C
  syscount -i 1            # print the top 10 every second
  syscount -p $(pidof dd)  # look only at one process
  syscount -L              # measure latency and sort by it
  syscount -P              # count by process, not by syscall
  syscount -x -i 5         # count only failed syscalls
  syscount -e ENOENT -i 5  # count only syscalls that fail with ENOENT
  syscount -c /sys/fs/cgroup/system.slice   # only processes in this cgroup
  syscount -l              # list the syscall names it knows)");
  if (auto rc = cli.parse(argc, argv)) return *rc;

  if (list) {
    for (const cs::NameEntry& e : cs::syscall_names().entries()) cs::out().printf("%3u: %s\n", e.nr, e.name);
    return cs::kExitOk;
  }
  std::optional<int> err_no = errno_arg.empty() ? 0 : cs::errno_names().parse(errno_arg);
  if (!err_no) cs::usage_error("invalid errno: " + errno_arg + " (give a number or a name like ENOENT)");
  std::optional<uint32_t> nr = syscall_arg.empty() ? UINT32_MAX : cs::syscall_names().parse(syscall_arg);
  if (!nr) cs::usage_error("unknown syscall: " + syscall_arg + " (see syscount -l)");

  // The entry hook only times syscalls.
  cs::Skeleton<syscount_bpf> skel(c, cs::HookPlan().without("sys_enter", !latency));
  skel->rodata->by_process = by_process;
  skel->rodata->measure_latency = latency;
  skel->rodata->failed_only = failures;
  skel->rodata->filter_errno = *err_no;
  skel->rodata->filter_syscall = static_cast<int32_t>(*nr);  // UINT32_MAX: -1, all
  skel.load_and_attach();

  const char* banner = "Tracing syscalls, printing top %u... Ctrl+C to quit.\n";
  if (c.json) std::fprintf(stderr, banner, top);
  else cs::out().printf(banner, top);

  // One record for both keys and with or without latency: the columns a
  // mode does not have are hidden from text and JSON.
  cs::Record rec({
      {.header = "PID", .key = "pid", .width = 6},
      {.header = "COMM", .key = "comm", .width = 15},
      {.header = "SYSCALL", .key = "syscall", .width = 22},
      {.key = "nr", .text = false},
      {.header = "COUNT", .key = "count", .width = 8, .right = true},
      {.header = ms ? "TIME (ms)" : "TIME (us)", .width = 16, .right = true},
      {.key = "total_ns", .text = false},
  });
  for (int i : {kPid, kComm, kSyscall, kNr})
    if (by_process != (i == kPid || i == kComm)) hide(rec[i]);
  for (int i : {kTime, kTotal})
    if (!latency) hide(rec[i]);

  int fd = bpf_map__fd(skel->maps.counts);
  auto on_summary = [&] {
    std::vector<Row> rows = drain(fd);
    std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      uint64_t x = latency ? a.v.total_ns : a.v.count, y = latency ? b.v.total_ns : b.v.count;
      return x != y ? x > y : a.key < b.key;
    });
    if (rows.size() > top) rows.resize(top);
    std::vector<std::string> names;  // the rows' views point into it
    names.reserve(rows.size());
    cs::TableReport t(rec);
    t.time = cs::wall_hms_now();
    t.rows_key = "entries";
    if (!rows.empty()) {  // as libbpf-tools: nothing to show, no table
      t.text_before = "[" + t.time + "]\n";
      t.text_after = "\n";
    }
    for (const Row& r : rows) {
      cs::Row& row = t.add_row();
      if (by_process) {
        row[kPid] = r.key;
        row[kComm] = cs::fixed_str(r.v.comm);
      } else {
        row[kSyscall] = std::string_view(names.emplace_back(cs::syscall_names().name(r.key)));
        row[kNr] = r.key;
      }
      row[kCount] = r.v.count;
      row[kTime] = r.v.total_ns / (ms ? 1e6 : 1e3);
      row[kTotal] = r.v.total_ns;
    }
    cs::sink().table(t);
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
