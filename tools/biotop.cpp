// biotop: block device I/O by process, top-style, one screen per interval.
#include <linux/types.h>

#include <bpf/libbpf.h>

#include <string>
#include <string_view>
#include <vector>

#include "biotop.h"
#include "biotop.skel.h"
#include "common/base/fixed_str.h"
#include "common/output/sink.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/top.h"
#include "common/system/block_rq.h"
#include "common/system/disks.h"

namespace {

uint64_t weight(const biotop_value& v, const std::string& sort) {
  if (sort == "io") return v.io;
  if (sort == "bytes") return v.bytes;
  if (sort == "time") return v.us;
  return v.io + v.bytes + v.us;  // "all", as libbpf-tools sums them
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace block I/O by process");
  cs::TopOptions top;
  cs::top_flags(cli, top, {"all", "io", "bytes", "time"});
  cli.pid_filter("-p,--pid", "Process ID to trace")
      .examples(R"(EXAMPLES:
  biotop            # block I/O top, refresh every 1s
  biotop 5 10       # 5s summaries, 10 times
  biotop -p 181     # only trace PID 181
  biotop -C -s io   # keep the scrollback, sort by I/O count
  biotop --json 1 3 # one JSON table per second, 3 times)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::DiskNames disks;
  // The I/O scheduler's queue time is not biotop's: no insert hook.
  const cs::BlockBtfFacts btf = cs::block_btf_facts(c.btf_path);
  cs::Skeleton<biotop_bpf> skel(c, cs::HookPlan().without("block_rq_insert"));
  skel->rodata->cs_rq_arg = btf.rq_arg;
  skel->rodata->cs_bio_arg = btf.bio_arg;
  skel.load_and_attach();

  // libbpf-tools: "%-7d %-16s %1s %-3d %-3d %-8s %5d %7lld %6.2f".
  enum { kPid, kComm, kDir, kMaj, kMin, kDisk, kIo, kKbytes, kBytes, kAvg };
  const cs::Record rec({
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "D", .key = "dir", .width = 1},
      {.header = "MAJ", .key = "major", .width = 3},
      {.header = "MIN", .key = "minor", .width = 3},
      {.header = "DISK", .key = "disk", .width = 8},
      {.header = "I/O", .key = "io", .width = 5, .right = true},
      {.header = "Kbytes", .key = "kbytes", .width = 7, .right = true},
      {.key = "bytes", .text = false},
      {.header = "AVGms", .key = "avg_ms", .width = 6, .right = true, .precision = 2},
  });
  int fd = bpf_map__fd(skel->maps.counts);
  int rc = cs::run_loop(c, nullptr, [&] {
    auto rows = cs::read_hash_map<biotop_key, biotop_value>(fd, true);
    cs::sort_by_weight(rows, [&](const biotop_value& v) { return weight(v, top.sort); });
    cs::TableReport t(rec);
    std::vector<std::string> comms, names;
    comms.reserve(rows.size());
    names.reserve(rows.size());
    for (auto& [k, v] : rows) {
      cs::Row& r = t.add_row();
      comms.emplace_back(cs::fixed_str(k.comm));
      names.push_back(disks.name_of(k.dev));
      if (names.back() == "Unknown") names.back().clear();  // libbpf-tools prints ""
      r[kPid] = k.pid;
      r[kComm] = std::string_view(comms.back());
      r[kDir] = k.write ? "W" : "R";
      r[kMaj] = cs::kernel_dev_major(k.dev);
      r[kMin] = cs::kernel_dev_minor(k.dev);
      r[kDisk] = std::string_view(names.back());
      r[kIo] = v.io;
      r[kKbytes] = static_cast<unsigned long long>(v.bytes / 1024);
      r[kBytes] = static_cast<unsigned long long>(v.bytes);
      r[kAvg] = v.io ? v.us / 1000.0 / v.io : 0.0;
    }
    cs::show_top(t, top);
  });
  cs::warn_uncounted(skel.obj(), "I/Os not counted: too many processes and disks (the map is full)");
  return rc;
}

}  // namespace

CS_TOOL_MAIN(body)
