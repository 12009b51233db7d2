// fsdist: summarize the latency of reads, writes, opens, fsyncs and getattrs
// on one file system type as histograms, one per operation.  Installed as
// ext4dist, xfsdist, btrfsdist, nfsdist and zfsdist too: the name picks the
// file system, as libbpf-tools' fsdist does.
#include <bpf/bpf.h>
#include <linux/types.h>

#include <array>
#include <string>

#include "common/output/clock.h"
#include "common/output/report.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/file_io.h"
#include "common/system/file_systems.h"
#include "fsdist.h"
#include "fsdist.skel.h"

namespace {

using Hists = std::array<fsdist_hist, CS_FILE_OPS>;

// What each operation counted since the last interval.
Hists take_interval(int fd, Hists& seen) {
  Hists add{};
  for (uint32_t op = 0; op < CS_FILE_OPS; op++) {
    fsdist_hist now{};
    if (bpf_map_lookup_elem(fd, &op, &now)) continue;
    for (int i = 0; i < CS_HIST_SLOTS; i++) {
      add[op].slots[i] = now.slots[i] - seen[op].slots[i];
      seen[op].slots[i] = now.slots[i];
    }
  }
  return add;
}

// libbpf-tools' layout: a blank line (and the time with -T), then
// "operation = 'read'", the histogram and a blank line per operation seen.
cs::HistogramReport report(const Hists& hists, bool timestamp, const char* unit) {
  cs::HistogramReport r;
  r.unit = unit;
  r.time = cs::wall_hms_now();
  r.text_before = timestamp ? "\n" + r.time + "\n" : "\n";
  for (uint32_t op = 0; op < CS_FILE_OPS; op++) {
    uint64_t total = 0;
    for (uint32_t n : hists[op].slots) total += n;
    if (!total) continue;
    cs::Histogram& h = r.hists.emplace_back();
    std::string_view name = cs::file_op_name(op);
    h.text_before = "operation = '" + std::string(name) + "'\n";
    h.text_after = "\n";
    h.labels.push_back({"operation", name});
    h.labels.push_back({"count", total});
    h.slots.assign(std::begin(hists[op].slots), std::end(hists[op].slots));
  }
  return r;
}

int body(int argc, char** argv) {
  std::string fs = cs::fs_of_tool_name(cs::tool_name(), "dist"), type;
  const bool alias = !fs.empty();
  bool timestamp = false, ms = false;
  cs::Cli cli(alias ? "Summarize " + fs + " operation latency"
                    : "Summarize file system operations latency");
  cli.choice("-t,--type", type, cs::traced_fs_names(), "Which file system to trace")
      .histogram_flags(timestamp, ms)
      .pid_filter("-p,--pid", "Process ID to trace")
      .interval_count()
      .examples(alias ? "EXAMPLES:\n  " + fs + "dist          # show operation latency as a histogram\n  " +
                            fs + "dist -p 181   # trace PID 181 only\n  " + fs +
                            "dist 1 10     # print 1 second summaries, 10 times\n  " + fs +
                            "dist -m 5     # 5s summaries, milliseconds"
                      : std::string(R"(EXAMPLES:
  fsdist -t ext4             # show ext4 operation latency as a histogram
  fsdist -t nfs -p 1216      # trace nfs operations with PID 1216 only
  fsdist -t xfs 1 10         # trace xfs operations with 1s summaries, 10 times
  fsdist -t btrfs -m 5       # trace btrfs operation with 5s summaries, milliseconds
  fsdist -t ext4 --json 5    # one JSON object per 5 second interval)"));
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  fs = cs::traced_fs(type, fs);

  cs::Skeleton<fsdist_bpf> skel(c);
  cs::set_fs_knobs(skel->rodata, fs);
  skel->rodata->cs_file_ops = (1u << CS_FILE_OPS) - 1;
  skel->rodata->use_ms = ms;
  skel.load_and_attach();

  cs::print_banner(c, "Tracing " + fs + " operation latency" + cs::banner_end(c));
  const char* unit = ms ? "msecs" : "usecs";
  int fd = bpf_map__fd(skel->maps.hists);
  Hists seen{};
  return cs::run_loop(c, nullptr,
                      [&] { cs::sink().histograms(report(take_interval(fd, seen), timestamp, unit)); });
}

}  // namespace

CS_TOOL_MAIN(body)
