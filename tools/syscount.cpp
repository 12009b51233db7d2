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
#include "common/names/errnos.h"
#include "common/names/syscalls.h"
#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
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
  std::optional<int> err_no = errno_arg.empty() ? 0 : cs::parse_errno(errno_arg);
  if (!err_no) cs::usage_error("invalid errno: " + errno_arg + " (give a number or a name like ENOENT)");
  std::optional<uint32_t> nr = syscall_arg.empty() ? UINT32_MAX : cs::parse_syscall(syscall_arg);
  if (!nr) cs::usage_error("unknown syscall: " + syscall_arg + " (see syscount -l)");

  // The entry hook only times syscalls.
  cs::Skeleton<syscount_bpf> skel(c, cs::HookPlan().without("sys_enter", !latency));
  skel->rodata->by_process = by_process;
  skel->rodata->measure_latency = latency;
  skel->rodata->failed_only = failures;
  skel->rodata->filter_errno = *err_no;
  skel->rodata->filter_syscall = static_cast<int32_t>(*nr);  // UINT32_MAX: -1, all
  skel.load_and_attach();

  cs::Output& out = cs::out();
  const char* banner = "Tracing syscalls, printing top %u... Ctrl+C to quit.\n";
  if (c.json) std::fprintf(stderr, banner, top);
  else out.printf(banner, top);

  int fd = bpf_map__fd(skel->maps.counts);
  auto on_summary = [&] {
    std::vector<Row> rows = drain(fd);
    std::sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
      uint64_t x = latency ? a.v.total_ns : a.v.count, y = latency ? b.v.total_ns : b.v.count;
      return x != y ? x > y : a.key < b.key;
    });
    if (rows.size() > top) rows.resize(top);
    auto comm = [](const Row& r) { return cs::fixed_str(r.v.comm); };
    if (c.json) {
      std::string arr = "[";
      for (const Row& r : rows) {
        cs::Json j;
        if (by_process) j.unum("pid", r.key).str("comm", comm(r));
        else j.str("syscall", cs::syscall_name(r.key)).unum("nr", r.key);
        j.unum("count", r.v.count);
        if (latency) j.unum("total_ns", r.v.total_ns);
        std::string s = j.end();
        s.pop_back();
        arr += (arr.size() > 1 ? "," : "") + s;
      }
      out.put(cs::Json().str("type", "table").str("time", cs::wall_hms_now()).raw("entries", arr + "]").end());
      return;
    }
    if (rows.empty()) return;  // as libbpf-tools: nothing to show, no table
    out.printf("[%s]\n", cs::wall_hms_now().c_str());
    const char* agg = by_process ? "PID    COMM" : "SYSCALL";
    if (latency) out.printf("%-22s %8s %16s\n", agg, "COUNT", ms ? "TIME (ms)" : "TIME (us)");
    else out.printf("%-22s %8s\n", agg, "COUNT");
    for (const Row& r : rows) {
      if (by_process) {
        out.printf("%-6u ", r.key);
        out.put_untrusted(comm(r), 15);
      } else {
        out.printf("%-22s", cs::syscall_name(r.key).c_str());
      }
      out.printf(" %8llu", static_cast<unsigned long long>(r.v.count));
      if (latency) out.printf(" %16.3f", r.v.total_ns / (ms ? 1e6 : 1e3));
      out.put('\n');
    }
    out.put('\n');
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
