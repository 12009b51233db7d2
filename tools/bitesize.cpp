// bitesize: block device I/O sizes as log2 histograms per process name.
#include <bpf/bpf.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "bitesize.h"
#include "bitesize.skel.h"
#include "common/base/error.h"
#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/block_rq.h"
#include "common/system/disks.h"
#include "common/system/kernel_btf.h"

namespace {

struct Options {
  bool timestamp = false;
  std::string comm, disk;
};

using Entries = std::vector<std::pair<bitesize_key, bitesize_hist>>;

// libbpf-tools' layout: a blank line per interval, the time with -T, then
// "Process Name = COMM" over each histogram in kbytes.  JSON: the comm and
// each histogram's total.
cs::HistogramReport report(const Entries& hists, const Options& o) {
  cs::HistogramReport r;
  r.unit = "Kbytes";
  r.time = cs::wall_hms_now();
  r.text_before = o.timestamp ? "\n" + r.time + "\n" : "\n";
  for (auto& [key, hist] : hists) {
    std::string_view comm = cs::fixed_str(key.comm);
    cs::Histogram& h = r.hists.emplace_back();
    h.text_before = "\nProcess Name = " + cs::text_escaped(comm) + "\n";
    h.labels.push_back({"comm", comm});
    cs::assign_counted_slots(h, hist.slots);
  }
  return r;
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize block device I/O size as a histogram");
  Options o;
  cli.flag("-T,--timestamp", o.timestamp, "Include timestamp on output")
      .option("-c,--comm", o.comm, "Trace this comm only", "COMM")
      .option("-d,--disk", o.disk, "Trace this disk only", "DISK")
      .interval_count()
      .examples(R"(EXAMPLES:
  bitesize              # summarize block I/O size as a histogram
  bitesize 1 10         # print 1 second summaries, 10 times
  bitesize -T 1         # 1s summaries with timestamps
  bitesize -c fio       # trace fio only
  bitesize -d sdc       # trace sdc only
  bitesize --json 5     # one JSON object per 5 second interval)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (o.comm.size() >= CS_COMM_LEN)
    cs::usage_error("comm '" + cs::text_escaped(o.comm) + "' is longer than a process name (" +
                    std::to_string(CS_COMM_LEN - 1) + " characters)");

  cs::DiskNames disks;
  uint32_t dev = o.disk.empty() ? 0 : cs::disk_filter_dev(disks.table(), o.disk);

  cs::Skeleton<bitesize_bpf> skel(c);
  {
    cs::KernelBtf btf(c.btf_path);
    skel->rodata->rq_arg = cs::block_rq_request_arg(btf);
  }
  std::memcpy(const_cast<char*>(skel->rodata->filter_comm), o.comm.data(), o.comm.size());
  skel->rodata->filter_dev = !o.disk.empty();
  skel->rodata->targ_dev = dev;
  skel.load_and_attach();

  cs::print_banner(c, "Tracing block device I/O... Hit Ctrl-C to end.\n");

  int fd = bpf_map__fd(skel->maps.hists);
  return cs::run_loop(c, nullptr, [&] {
    cs::sink().histograms(report(cs::read_hash_map<bitesize_key, bitesize_hist>(fd, true), o));
    cs::warn_uncounted(skel.obj(), "I/O not counted: too many process names (the map is full)");
  });
}

}  // namespace

CS_TOOL_MAIN(body)
