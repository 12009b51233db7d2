// oomkill: trace OOM kills, one line per kill with the process that
// triggered it, the victim, the memory size considered and the load average.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
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
  size_t len = strnlen(e.kcomm, sizeof e.kcomm);
  if (len) return std::string(e.kcomm, len);
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
  std::fprintf(c.json ? stderr : stdout, "Tracing OOM kills... Ctrl-C to stop.\n");
  std::fflush(nullptr);

  cs::Output& out = cs::out();
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<oomkill_event>(data, size);
    std::string_view tcomm(e.tcomm, strnlen(e.tcomm, sizeof e.tcomm));
    std::string kcomm = victim_name(e);
    bool pages_known = e.pages != OOMKILL_PAGES_UNKNOWN;
    std::string loadavg = read_line("/proc/loadavg"), time = cs::wall_hms(e.ts_ns);
    if (c.json) {
      cs::Json j;
      j.str("time", time).unum("trigger_pid", e.tpid).str("trigger_comm", tcomm);
      j.unum("victim_pid", e.kpid).str("victim_comm", kcomm);
      if (pages_known) j.unum("pages", e.pages); else j.null("pages");
      out.put(j.str("loadavg", loadavg).end());
      return;
    }
    out.printf("%s Triggered by PID %u (\"", time.c_str(), e.tpid);
    out.put_untrusted(tcomm);
    out.printf("\"), OOM kill of PID %u (\"", e.kpid);
    out.put_untrusted(kcomm);
    if (pages_known) out.printf("\"), %llu pages", static_cast<unsigned long long>(e.pages));
    else out.put("\"), ? pages");
    out.printf(", loadavg: %s\n", loadavg.c_str());
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
