// oomkill: trace OOM kills, one line per kill with the process that
// triggered it, the victim, the memory size considered and the load average.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "oomkill.h"
#include "oomkill.skel.h"

namespace {

// First line of a small /proc file, without the newline ("" if unreadable).
std::string read_line(const char* path) {
  char buf[128];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  std::string s(buf, n > 0 ? n : 0);
  return s.substr(0, s.find('\n'));
}

// The victim's name; a hook that saw only its thread ID leaves it to
// /proc while the victim lasts, else "?".
std::string victim_name(const oomkill_event& e) {
  if (std::string_view k = cs::fixed_str(e.kcomm); !k.empty()) return std::string(k);
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%u/comm", e.kpid);
  std::string name = read_line(path);
  return name.empty() ? std::string(1, '?') : name;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace OOM kills");
  cli.examples(R"(EXAMPLES:
  oomkill               # trace OOM kills
  oomkill --json        # one JSON object per OOM kill)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<oomkill_bpf> skel(c);
  skel.load_and_attach();
  cs::print_banner(c, "Tracing OOM kills... Ctrl-C to stop.\n");

  // A sentence, as libbpf-tools prints it:
  // 12:00:00 Triggered by PID 12 ("a"), OOM kill of PID 34 ("b"), 100 pages, loadavg: ...
  enum { kTime, kTpid, kTcomm, kKpid, kKcomm, kPages, kLoadavg };
  cs::Record rec({
      {.key = "time"},
      {.key = "trigger_pid", .prefix = " Triggered by PID "},
      {.key = "trigger_comm", .prefix = " (\"", .suffix = "\")"},
      {.key = "victim_pid", .prefix = ", OOM kill of PID "},
      {.key = "victim_comm", .prefix = " (\"", .suffix = "\")"},
      {.key = "pages", .prefix = ", ", .suffix = " pages", .none = "?"},
      {.key = "loadavg", .prefix = ", loadavg: "},
  });
  for (size_t i = 1; i < rec.size(); i++) rec[i].gap = 0;
  cs::Sink& sink = cs::sink();

  cs::Row row(rec);
  std::string kcomm, loadavg;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<oomkill_event>(data, size);
    kcomm = victim_name(e);
    loadavg = read_line("/proc/loadavg");
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kTpid] = e.tpid;
    row[kTcomm] = cs::fixed_str(e.tcomm);
    row[kKpid] = e.kpid;
    row[kKcomm] = std::string_view(kcomm);
    row[kPages] = e.pages != OOMKILL_PAGES_UNKNOWN ? cs::Value(e.pages) : cs::Value();
    row[kLoadavg] = std::string_view(loadavg);
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
