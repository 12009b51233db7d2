// vfsstat: count VFS calls (read, write, fsync, open, create, unlink, mkdir,
// rmdir) per second, one line per interval, as libbpf-tools' vfsstat.
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/rate_lines.h"
#include "vfsstat.h"
#include "vfsstat.skel.h"

namespace {

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
  // The order of enum vfsstat_kind.
  cs::RateLines rates({{"READ", "read"},
                       {"WRITE", "write"},
                       {"FSYNC", "fsync"},
                       {"OPEN", "open"},
                       {"CREATE", "create"},
                       {"UNLINK", "unlink"},
                       {"MKDIR", "mkdir"},
                       {"RMDIR", "rmdir"}},
                      6, false);
  cs::Output& out = cs::out();
  if (!c.json) out.put(rates.header() + "\n");
  return cs::run_loop(c, nullptr, [&] {
    rates.take(skel->bss->counts);  // the counters, mapped
    out.put(c.json ? rates.json(c.interval).end() : rates.row(c.interval) + "\n");
  });
}

}  // namespace

CS_TOOL_MAIN(body)
