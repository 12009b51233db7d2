// vfscount: count calls of each VFS function (vfs_*) until Ctrl-C, as bcc's
// vfscount.  Needs kprobes: there is no tracepoint per VFS function.
#include <bpf/libbpf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "common/output/record.h"
#include "common/output/report.h"
#include "common/output/sink.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/probe_spec.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/symbols/ksyms.h"
#include "vfscount.h"
#include "vfscount.skel.h"

namespace {

// The kernel image's vfs_* functions in /proc/kallsyms (not modules', not
// compiler clones such as vfs_x.cold), each once.
std::vector<std::string> vfs_functions() {
  std::vector<std::string> names;
  std::FILE* f = std::fopen("/proc/kallsyms", "re");
  if (!f) cs::fail("cannot read /proc/kallsyms: " + cs::errno_text(errno));
  char line[512], type, name[256];
  unsigned long long addr;
  while (std::fgets(line, sizeof line, f)) {
    if (std::sscanf(line, "%llx %c %255s", &addr, &type, name) != 3) continue;
    std::string n = name;
    if ((type == 't' || type == 'T') && n.rfind("vfs_", 0) == 0 && n.find('.') == std::string::npos &&
        std::string(line).find('[') == std::string::npos)
      names.push_back(n);
  }
  std::fclose(f);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

int body(int argc, char** argv) {
  cs::Cli cli("Count VFS calls (vfs_*)");
  cli.pid_filter("-p,--pid", "Count only the calls of this PID")
      .duration_positional()
      .examples(R"(EXAMPLES:
  vfscount              # count VFS calls until Ctrl-C
  vfscount 10           # count for ten seconds
  vfscount --json       # one JSON table at the end)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) != 0)
    cs::fail("kprobes are not available on this system (CONFIG_KPROBES): the vfs_* functions "
             "have no tracepoints to count them by");

  cs::Skeleton<vfscount_bpf> skel(c);
  skel.load();
  size_t attached = 0;
  for (const std::string& f : vfs_functions()) {
    cs::ProbeSpec s;
    s.name = s.text = f;
    try {
      skel.adopt(cs::attach_probe(skel->progs.vfs_call, s));
      attached++;
    } catch (const cs::Fatal&) {
      // Some are not probeable (notrace, on the kprobe blacklist): leave them out, as bcc does.
    }
  }
  if (attached == 0) cs::fail("cannot attach a kprobe to any vfs_* function");
  cs::print_banner(c, "Tracing" + cs::banner_end(c));

  enum { kAddr, kFunc, kCount };
  cs::Record rec({
      {.header = "ADDR", .key = "addr", .width = 16, .base = 'x'},
      {.header = "FUNC", .key = "func", .width = 26},
      {.header = "COUNT", .key = "count", .width = 8, .right = true},
  });
  int fd = bpf_map__fd(skel->maps.counts);
  cs::KernelSymbols ksyms;
  return cs::run_loop(c, nullptr, [&] {
    std::map<std::string, std::pair<uint64_t, uint64_t>> by_func;  // name -> {address, count}
    for (auto& [ip, n] : cs::read_hash_map<uint64_t, uint64_t>(fd, false)) {
      const cs::KernelSymbol* s = ksyms.lookup(ip);
      auto& e = by_func[s ? std::string(s->name) : "[unknown]"];
      e.first = s ? s->addr : ip;
      e.second += n;
    }
    std::vector<std::pair<std::string, std::pair<uint64_t, uint64_t>>> rows(by_func.begin(), by_func.end());
    // bcc's order: the fewest calls first, the busiest at the bottom.
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second.second < b.second.second; });
    cs::TableReport t(rec);
    t.text_before = "\n";
    t.header_if_empty = true;
    for (auto& [name, v] : rows) {
      cs::Row& r = t.add_row();
      r[kAddr] = v.first;
      r[kFunc] = std::string_view(name);
      r[kCount] = v.second;
    }
    cs::sink().table(t);
    cs::warn_uncounted(skel.obj(), "calls not counted: the address map was full");
  });
}

}  // namespace

CS_TOOL_MAIN(body)
