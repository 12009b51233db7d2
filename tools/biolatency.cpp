// biolatency: block device I/O latency as log2 histograms, per interval.
#include <bpf/bpf.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <tuple>
#include <utility>

#include "biolatency.h"
#include "biolatency.skel.h"
#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/block_rq.h"
#include "common/system/disks.h"
#include "common/system/kernel_btf.h"

namespace {

struct Options {
  bool timestamp = false, ms = false, queued = false, per_disk = false, per_flag = false;
  std::string disk;
};

using Slots = std::array<uint32_t, BIOLATENCY_SLOTS>;
using KeyId = std::tuple<uint32_t, uint32_t, std::string>;  // dev, cmd_flags, rwbs
using Label = std::pair<std::string, std::string>;           // disk, flags ("" if not asked)

// What each histogram gained since the last call, by label.  The kernel's
// counters only grow, so nothing is deleted under the programs' feet and no
// increment is lost between a read and a delete.  Keys that render the same
// (flags outside the named set) are merged.
std::map<Label, Slots> take_interval(int fd, std::map<KeyId, Slots>& seen, const Options& o,
                                     cs::DiskNames& disks, const cs::ReqFlagNames& names) {
  std::map<Label, Slots> r;
  biolatency_key key{}, next{};
  for (bool first = true; bpf_map_get_next_key(fd, first ? nullptr : &key, &next) == 0;) {
    first = false;
    key = next;
    biolatency_hist now{};
    if (bpf_map_lookup_elem(fd, &key, &now)) continue;
    std::string rwbs(cs::fixed_str(key.rwbs));
    Slots& before = seen[{key.dev, key.cmd_flags, rwbs}];
    Slots add{};
    bool any = false;
    for (size_t i = 0; i < add.size(); i++) {
      add[i] = now.slots[i] - before[i];
      any = any || add[i];
      before[i] = now.slots[i];
    }
    if (!any) continue;
    Label l;
    if (o.per_disk) l.first = disks.name_of(key.dev);
    if (o.per_flag)
      l.second = rwbs.empty() ? names.name(key.cmd_flags) : cs::ReqFlagNames::name_from_rwbs(rwbs);
    Slots& sum = r[l];
    for (size_t i = 0; i < add.size(); i++) sum[i] += add[i];
  }
  return r;
}

// libbpf-tools' layout: a blank line per interval, the time with -T, then
// each histogram under "disk = NAME<tab>" (-D) and/or "flags = ..." (-F).
// JSON: the same labels and each histogram's total.
cs::HistogramReport report(const std::map<Label, Slots>& hists, const Options& o, const char* unit) {
  cs::HistogramReport r;
  r.unit = unit;
  r.time = cs::wall_hms_now();
  r.text_before = o.timestamp ? "\n" + r.time + "\n" : "\n";
  for (auto& [label, slots] : hists) {
    cs::Histogram& h = r.hists.emplace_back();
    if (o.per_disk) {
      h.text_before = "\ndisk = " + cs::text_escaped(label.first) + "\t";
      h.labels.push_back({"disk", std::string_view(label.first)});
    }
    if (o.per_flag) {
      h.text_before += "flags = " + label.second;
      h.labels.push_back({"flags", std::string_view(label.second)});
    }
    h.text_before += '\n';
    uint64_t total = 0;
    for (uint32_t n : slots) total += n;
    h.labels.push_back({"count", total});
    h.slots.assign(slots.begin(), slots.end());
  }
  return r;
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize block device I/O latency as a histogram");
  Options o;
  cli.histogram_flags(o.timestamp, o.ms)
      .flag("-Q,--queued", o.queued, "Include OS queued time in I/O time")
      .flag("-D,--disks", o.per_disk, "Print a histogram per disk device")
      .flag("-F,--flag,--flags", o.per_flag, "Print a histogram per set of I/O flags")
      .option("-d,--disk", o.disk, "Trace this disk only", "DISK")
      .cgroup_filter()
      .interval_count()
      .examples(R"(EXAMPLES:
  biolatency              # summarize block I/O latency as a histogram
  biolatency 1 10         # print 1 second summaries, 10 times
  biolatency -mT 1        # 1s summaries, milliseconds, and timestamps
  biolatency -Q           # include OS queued time in I/O time
  biolatency -D           # show each disk device separately
  biolatency -F           # show I/O flags separately
  biolatency -d sdc       # trace sdc only
  biolatency -c CG        # trace processes in cgroup CG only
  biolatency --json 5     # one JSON object per 5 second interval)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::DiskNames disks;
  uint32_t dev = o.disk.empty() ? 0 : cs::disk_filter_dev(disks.table(), o.disk);

  // The insert hook only matters for -Q.
  cs::Skeleton<biolatency_bpf> skel(c, cs::HookPlan().without("block_rq_insert", !o.queued));
  cs::ReqFlagNames names;
  {
    cs::KernelBtf btf(c.btf_path);
    skel->rodata->rq_arg = cs::block_rq_request_arg(btf);
    names = cs::ReqFlagNames(btf);
  }
  skel->rodata->targ_queued = o.queued;
  skel->rodata->use_ms = o.ms;
  skel->rodata->targ_per_disk = o.per_disk;
  skel->rodata->targ_per_flag = o.per_flag;
  skel->rodata->filter_dev = !o.disk.empty();
  skel->rodata->targ_dev = dev;
  skel.load_and_attach();

  const char* banner = "Tracing block device I/O... Hit Ctrl-C to end.\n";
  if (c.json) std::fputs(banner, stderr);
  else cs::out().put(banner);

  const char* unit = o.ms ? "msecs" : "usecs";
  int fd = bpf_map__fd(skel->maps.hists);
  std::map<KeyId, Slots> seen;
  return cs::run_loop(c, nullptr, [&] {
    cs::sink().histograms(report(take_interval(fd, seen, o, disks, names), o, unit));
  });
}

}  // namespace

CS_TOOL_MAIN(body)
