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
#include "common/symbols/ksyms.h"
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

  // Where the kernel has the page cache's tracepoints they carry the whole
  // meaning; else the peer's functions (fentry or kprobes), by the names
  // this kernel has (bpf/readahead.bpf.c).
  const char* const tracepoints[] = {"page_cache_ra_unbounded", "page_cache_ra_order",
                                     "mm_filemap_add_to_page_cache", "mm_filemap_delete_from_page_cache",
                                     "mm_filemap_get_pages", "mm_filemap_map_pages", "mm_filemap_fault"};
  const char* const tp_hooks[] = {"ra_unbounded", "ra_order", "page_added", "page_dropped",
                                  "get_pages", "map_pages", "fault"};
  std::string missing;
  {
    cs::KernelBtf btf(c.btf_path);
    for (const char* tp : tracepoints)
      if (missing.empty() && btf.loaded() && !btf.func_ptr_params(std::string("btf_trace_") + tp))
        missing = tp;
  }
  cs::HookPlan plan;
  auto without_alloc = [&](const std::string& h, bool when) {
    for (const char* part : {"", "_enter", "_exit"}) plan.without(h + part, when);
  };
  if (missing.empty()) {
    for (const char* h : {"fn_ra_enter", "fn_ra_exit", "fn_order_enter", "fn_order_exit",
                          "access_page", "access_folio"})
      plan.without(h);
    for (const char* h : {"alloc_page", "alloc_folio", "alloc_folio_np"}) without_alloc(h, true);
  } else {
    // kallsyms, else the BTF's functions (kallsyms hides them from others than root).
    cs::KernelSymbols ks;
    cs::VmlinuxBtf vmlinux;
    auto has = [&](const char* fn) {
      return ks.find(fn) || (vmlinux.get() && cs::btf_has_type(vmlinux.get(), fn));
    };
    const char* alloc = has("filemap_alloc_folio_noprof") ? "alloc_folio_np"
                        : has("filemap_alloc_folio")      ? "alloc_folio"
                        : has("__page_cache_alloc")       ? "alloc_page"
                                                          : nullptr;
    if (!alloc || !has("page_cache_ra_unbounded"))
      throw cs::NoAttachableHook("this kernel has no " + missing +
                                 " tracepoint, nor the read-ahead functions to hook instead");
    for (const char* h : tp_hooks) plan.without(h);
    for (const char* h : {"alloc_page", "alloc_folio", "alloc_folio_np"})
      without_alloc(h, std::string(h) != alloc);
    bool folios = has("folio_mark_accessed");
    plan.without("access_page", folios).without("access_folio", !folios);
    plan.may_lack("fn_order_enter").may_lack("fn_order_exit");  // 6.1+
  }
  cs::Skeleton<readahead_bpf> skel(c, plan);
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
