// biostacks: block I/O latency as log2 histograms per initiating kernel stack.
#include <bpf/bpf.h>

#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "biostacks.h"
#include "biostacks.skel.h"
#include "common/base/fixed_str.h"
#include "common/base/error.h"
#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/stack_counts.h"
#include "common/symbols/ksyms.h"
#include "common/system/disks.h"
#include "common/system/kernel_btf.h"

namespace {

using Entries = std::vector<std::pair<biostacks_key, biostacks_hist>>;

// What one histogram's labels point at.
struct Held {
  std::string comm, disk;
  cs::ResolvedStack stack;
  std::vector<std::string_view> frames;
};

// libbpf-tools' layout per histogram: "%-14.14s %-6d %-7s" (comm, pid,
// disk), the kernel frames innermost first one a line, the histogram and
// an empty line.  JSON: those as labels, kstack innermost first.
cs::HistogramReport report(const Entries& hists, const char* unit, cs::StackResolver& st,
                           cs::DiskNames& disks, std::deque<Held>& held) {
  cs::HistogramReport r;
  r.unit = unit;
  r.time = cs::wall_hms_now();
  for (auto& [key, hist] : hists) {
    Held& k = held.emplace_back();
    k.comm = std::string(cs::fixed_str(key.comm));
    k.disk = disks.name_of(key.dev);
    k.stack = st.kernel(key.kstack);
    for (auto& f : k.stack.frames) k.frames.push_back(f);
    cs::Histogram& h = r.hists.emplace_back();
    char head[64];
    std::string comm = cs::text_escaped(k.comm);
    std::snprintf(head, sizeof(head), "%-14.14s %-6u %-7s\n", comm.c_str(), key.pid, k.disk.c_str());
    h.text_before = head;
    for (auto& f : k.stack.frames) h.text_before += cs::text_escaped(f) + "\n";
    h.text_after = "\n";
    h.labels = {{"comm", std::string_view(k.comm)},
                {"pid", key.pid},
                {"disk", std::string_view(k.disk)},
                {"kstack", std::span<const std::string_view>(k.frames)}};
    cs::assign_counted_slots(h, hist.slots);
  }
  return r;
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace block I/O with init stacks");
  bool ms = false;
  std::string disk;
  cli.option("-d,--disk", disk, "Trace this disk only", "DISK")
      .flag("-m,--milliseconds", ms, "Millisecond histogram")
      .duration_positional()
      .examples(R"(EXAMPLES:
  biostacks              # trace block I/O with init stacks
  biostacks 1            # trace for 1 second only
  biostacks -d sdc       # trace sdc only
  biostacks -m --json 5  # milliseconds, as JSON, for 5 seconds)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::DiskNames disks;
  uint32_t dev = disk.empty() ? 0 : cs::disk_filter_dev(disks.table(), disk);
  // One family of hooks (bpf/biostacks.bpf.c): the block_io_start/done
  // tracepoints (6.5+), else the accounting functions by fentry or kprobe
  // (blk_account_io_* on 5.10, __blk_account_io_* on 5.16 .. 6.2), else
  // block_getrq with block_rq_complete (6.1 inlines its accounting, and a
  // kernel without fentry and kprobes, or --attach tracepoint, needs them).
  cs::KernelBtf btf(c.btf_path);
  cs::KernelSymbols ksyms;
  std::string family = btf.func_ptr_params("btf_trace_block_io_start") ? "tp"
                       : ksyms.find("__blk_account_io_start")          ? "ufn"
                       : ksyms.find("blk_account_io_start")            ? "fn"
                                                                       : "getrq";
  bool functions = family == "fn" || family == "ufn";
  if (functions && c.attach == cs::AttachMode::Tracepoint) family = "getrq";
  auto plan = [](const std::string& chosen) {
    cs::HookPlan p;
    for (const char* f : {"tp", "fn", "ufn", "getrq"})
      for (const char* end : {"_start", "_done"}) p.without(std::string(f) + end, chosen != f);
    return p;
  };
  std::optional<cs::Skeleton<biostacks_bpf>> skel;
  try {
    skel.emplace(c, plan(family));
  } catch (const cs::NoAttachableHook&) {
    if (!functions || family == "getrq") throw;
    skel.emplace(c, plan("getrq"));
  }
  // 5.10's block_getrq passes the queue before the bio.
  (*skel)->rodata->getrq_bio_arg = btf.func_ptr_params("btf_trace_block_getrq").value_or(0) == 4;
  (*skel)->rodata->use_ms = ms;
  (*skel)->rodata->filter_dev = !disk.empty();
  (*skel)->rodata->targ_dev = dev;
  skel->load_and_attach();

  cs::print_banner(c, "Tracing block I/O with init stacks. Hit Ctrl-C to end.\n");

  cs::StackResolver stacks(bpf_map__fd((*skel)->maps.stacks), CS_MAX_STACK_DEPTH, {.user = false});
  int fd = bpf_map__fd((*skel)->maps.hists);
  return cs::run_loop(c, nullptr, [&] {
    std::deque<Held> held;
    auto hists = cs::read_hash_map<biostacks_key, biostacks_hist>(fd, false);
    cs::sink().histograms(report(hists, ms ? "msecs" : "usecs", stacks, disks, held));
    stacks.warn_missed();
    cs::warn_uncounted(skel->obj(), "I/O not counted: too many distinct stacks (the map is full)");
  });
}

}  // namespace

CS_TOOL_MAIN(body)
