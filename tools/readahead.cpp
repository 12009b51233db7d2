// readahead: read-ahead pages left unused, and the age of the used ones.
#include <cstdio>
#include <string>

#include "common/base/error.h"
#include "common/output/clock.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/kernel_btf.h"
#include "readahead.h"
#include "readahead.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Show fs automatic read-ahead usage");
  cli.duration("-d,--duration")
      .pid_filter()
      .examples(R"(EXAMPLES:
  readahead              # summarize read-ahead usage until Ctrl-C
  readahead -d 10        # trace for 10 seconds only
  readahead -p 185       # only read-ahead started by PID 185
  readahead --json -d 5  # the summary as JSON)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  // What a read-ahead page is rests on these tracepoints: where one is
  // missing nothing else here can stand in, so say which, in one line.
  {
    cs::KernelBtf btf(c.btf_path);
    for (const char* tp : {"page_cache_ra_unbounded", "page_cache_ra_order", "mm_filemap_add_to_page_cache",
                           "mm_filemap_delete_from_page_cache", "mm_filemap_get_pages",
                           "mm_filemap_map_pages", "mm_filemap_fault"})
      if (btf.loaded() && !btf.func_ptr_params(std::string("btf_trace_") + tp))
        throw cs::NoAttachableHook(std::string("this kernel has no ") + tp +
                                   " tracepoint (read-ahead is traced through the readahead and "
                                   "filemap tracepoints)");
  }
  cs::Skeleton<readahead_bpf> skel(c);
  skel.load_and_attach();

  cs::print_banner(c, "Tracing fs read-ahead ... Hit Ctrl-C to end.\n");

  return cs::run_loop(c, nullptr, [&] {
    const readahead_hist& h = skel->bss->hist;
    // Pages used that were read ahead before the start: not ours to count.
    int64_t unused = h.unused < 0 ? 0 : h.unused;
    cs::HistogramReport r;
    r.unit = "msecs";
    r.time = cs::wall_hms_now();
    r.text_before = "\nReadahead unused/total pages: " + std::to_string(unused) + "/" +
                    std::to_string(h.total) + "\n";
    r.labels = {{"unused", unused}, {"total", h.total}};
    r.hists.emplace_back().slots.assign(std::begin(h.slots), std::end(h.slots));
    cs::sink().histograms(r);
  });
}

}  // namespace

CS_TOOL_MAIN(body)
