// pidpersec: count new processes (forks) per second.
#include <cerrno>
#include <cstdio>
#include <type_traits>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "pidpersec.h"
#include "pidpersec.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Count new processes (via fork) per second");
  cli.pid_filter("-p,--pid", "Count only the processes this PID creates")
      .uid_filter("-u,--uid", "Count only the processes this UID creates")
      .cgroup_filter("-c,--cgroup")
      .examples(R"(EXAMPLES:
  pidpersec                # new processes per second, system wide
  pidpersec -p 1234        # only those PID 1234 creates
  pidpersec --json         # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  cs::Common& c = cli.common();
  c.interval = 1;  // the tool's unit is one second

  cs::Skeleton<pidpersec_bpf> skel(c);
  skel.load_and_attach();
  cs::Output& out = cs::out();
  if (c.json) std::fputs("Tracing... Ctrl-C to end.\n", stderr);
  else out.put("Tracing... Ctrl-C to end.\n");

  // The counter only grows; each second prints how much it grew (read
  // through the map: one syscall, no race with the kernel's increments).
  std::remove_reference_t<decltype(*skel->bss)> bss{};
  uint64_t prev = 0;
  uint32_t zero = 0;
  return cs::run_loop(c, nullptr, [&] {
    if (bpf_map__lookup_elem(skel->maps.bss, &zero, sizeof zero, &bss, sizeof bss, 0))
      cs::fail("cannot read the fork counter: " + cs::errno_text(errno));
    unsigned long long n = bss.forks - prev;
    prev = bss.forks;
    if (c.json) out.put(cs::Json().str("type", "counts").str("time", cs::wall_hms_now()).unum("pids", n).end());
    else out.printf("%s: PIDs/sec: %llu\n", cs::wall_hms_now().c_str(), n);
  });
}

}  // namespace

CS_TOOL_MAIN(body)
