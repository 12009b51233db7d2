// numamove: NUMA-balancing page migrations per second, and the time they took.
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>
#include <type_traits>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "numamove.h"
#include "numamove.skel.h"

namespace {

std::string first_line(const char* path) {
  std::ifstream f(path);
  std::string l;
  if (!f || !std::getline(f, l)) return "-";  // "-": cannot be read
  return l;
}

// Not an error (the tool runs), but says why every count will be zero.
void note_when_no_migration_can_happen() {
  std::string nodes = first_line("/sys/devices/system/node/online");
  std::string balancing = first_line("/proc/sys/kernel/numa_balancing");
  std::string why;
  if (nodes == "-") why = "this kernel has no NUMA support";
  else if (nodes.find_first_of("-,") == std::string::npos) why = "only NUMA node " + nodes + " is online";
  else if (balancing == "-" || balancing == "0")
    why = "automatic NUMA balancing is off (kernel.numa_balancing)";
  if (!why.empty())
    std::fprintf(stderr, "%s: note: %s, so no NUMA migration can happen\n", cs::tool_name().c_str(),
                 why.c_str());
}

int body(int argc, char** argv) {
  cs::Cli cli("Show page migrations of type NUMA misplaced per second");
  cli.examples(R"(EXAMPLES:
  numamove                 # NUMA migrations and the milliseconds they took, per second
  numamove --json          # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  cs::Common& c = cli.common();
  c.interval = 1;

  cs::Skeleton<numamove_bpf> skel(c);
  skel.load_and_attach();
  note_when_no_migration_can_happen();
  cs::Output& out = cs::out();
  if (c.json) std::fputs("Tracing NUMA page migrations... Hit Ctrl-C to end.\n", stderr);
  else out.printf("%-10s %18s %18s\n", "TIME", "NUMA_migrations", "NUMA_migrations_ms");

  // The counters only grow; each second prints how much they grew (read
  // through the map: one syscall, no race with the kernel's increments).
  std::remove_reference_t<decltype(*skel->bss)> now{}, prev{};
  uint32_t zero = 0;
  return cs::run_loop(c, nullptr, [&] {
    if (bpf_map__lookup_elem(skel->maps.bss, &zero, sizeof zero, &now, sizeof now, 0))
      cs::fail("cannot read the migration counters: " + cs::errno_text(errno));
    unsigned long long n = now.migrations - prev.migrations;
    unsigned long long ns = now.migration_ns - prev.migration_ns;
    // Whole milliseconds of the running total, so the column adds up.
    unsigned long long ms = now.migration_ns / 1000000 - prev.migration_ns / 1000000;
    prev = now;
    std::string hms = cs::wall_hms_now();
    if (c.json)
      out.put(cs::Json().str("type", "counts").str("time", hms).unum("numa_migrations", n).unum("numa_migrations_ms", ms)
                  .unum("numa_migrations_ns", ns).end());
    else
      out.printf("%-10s %18llu %18llu\n", hms.c_str(), n, ms);
  });
}

}  // namespace

CS_TOOL_MAIN(body)
