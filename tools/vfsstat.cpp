// vfsstat: count VFS calls (read, write, fsync, open, create, unlink, mkdir,
// rmdir) per second, one line per interval, as libbpf-tools' vfsstat.
#include <cerrno>
#include <cstdio>
#include <type_traits>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "vfsstat.h"
#include "vfsstat.skel.h"

namespace {

const char* const kNames[VFSSTAT_KINDS] = {"READ",   "WRITE",  "FSYNC", "OPEN",
                                           "CREATE", "UNLINK", "MKDIR", "RMDIR"};
const char* const kKeys[VFSSTAT_KINDS] = {"read",   "write",  "fsync", "open",
                                          "create", "unlink", "mkdir", "rmdir"};

int body(int argc, char** argv) {
  cs::Cli cli("Count some VFS calls");
  cli.pid_filter("-p,--pid", "Count only the calls of this PID")
      .interval_count()
      .examples(R"(EXAMPLES:
  vfsstat               # interval one second
  vfsstat 5 3           # interval five seconds, three output lines
  vfsstat -p 1216       # only the calls of PID 1216
  vfsstat --json        # one JSON object per interval, with the raw counts)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  cs::Common& c = cli.common();
  if (c.interval == 0) c.interval = 1;

  cs::Skeleton<vfsstat_bpf> skel(c);
  skel.load_and_attach();
  cs::Output& out = cs::out();
  if (!c.json) {
    out.printf("%-8s  ", "TIME");
    for (const char* name : kNames) out.printf(" %6s/s", name);
    out.put("\n");
  }

  // The counters only grow; each interval prints how much they grew (read
  // through the map: one syscall, no race with the kernel's increments).
  std::remove_reference_t<decltype(*skel->bss)> bss{};
  uint64_t prev[VFSSTAT_KINDS] = {};
  uint32_t zero = 0;
  return cs::run_loop(c, nullptr, [&] {
    if (bpf_map__lookup_elem(skel->maps.bss, &zero, sizeof zero, &bss, sizeof bss, 0))
      cs::fail("cannot read the counters: " + cs::errno_text(errno));
    uint64_t n[VFSSTAT_KINDS];
    for (int i = 0; i < VFSSTAT_KINDS; i++) {
      n[i] = bss.counts[i] - prev[i];
      prev[i] = bss.counts[i];
    }
    if (c.json) {
      cs::Json j;
      j.str("type", "counts").str("time", cs::wall_hms_now()).real("interval_s", c.interval);
      for (int i = 0; i < VFSSTAT_KINDS; i++) j.unum(kKeys[i], n[i]);
      out.put(j.end());
      return;
    }
    out.printf("%-8s: ", cs::wall_hms_now().c_str());
    for (uint64_t v : n) out.printf(" %8llu", static_cast<unsigned long long>(v / c.interval));
    out.put("\n");
  });
}

}  // namespace

CS_TOOL_MAIN(body)
