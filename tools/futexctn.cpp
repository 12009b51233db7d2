// futexctn: summarize futex contention (time threads wait in FUTEX_WAIT
// before they get the lock) as log2 histograms per lock and user stack.
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/merge_alike.h"
#include "common/summaries/stack_counts.h"
#include "futexctn.h"
#include "futexctn.skel.h"

namespace {

struct Options {
  bool timestamp = false, ms = false, summary = false;
  std::string lock;
  cs::StackMapOptions stacks;
};

uint64_t parse_lock(const std::string& s) {
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s.c_str(), &end, 16);
  if (s.empty() || s[0] == '-' || *end || errno || v == 0)
    cs::usage_error("--lock " + s + ": not a futex address (hexadecimal, e.g. 0x7f3a5c0012a0)");
  return v;
}

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize futex contention latency as a histogram");
  Options o;
  cli.pid_filter("-p,--pid", "Trace this PID only")
      .tid_filter("-t,--tid", "Trace this TID only")
      .option("-l,--lock", o.lock, "Trace this lock (futex address, hexadecimal) only", "LOCK")
      .histogram_flags(o.timestamp, o.ms)
      .flag("-s,--summary", o.summary, "Summarize per process and lock, without stack traces")
      .folded("-f,--folded", "Print folded stacks with the total wait per stack (for flame graphs)");
  cs::add_stack_map_options(cli, o.stacks);
  cli.cgroup_filter("--cgroup")
      .interval_count()
      .excludes("-p", "-t")
      .excludes("-s", "-f")
      .examples(R"(EXAMPLES:
  futexctn              # summarize futex contention latency as a histogram
  futexctn 1 10         # print 1 second summaries, 10 times
  futexctn -mT 1        # 1s summaries, milliseconds, and timestamps
  futexctn -s 1         # 1s summaries, without stack traces
  futexctn -l 0x8187bb8 # only trace lock 0x8187bb8
  futexctn -p 123       # only trace threads for PID 123
  futexctn -t 125       # only trace thread 125
  futexctn -f 5         # folded stacks, weighted by wait time, every 5s)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  uint64_t lock = o.lock.empty() ? 0 : parse_lock(o.lock);
  const char* unit = o.ms ? "msecs" : "usecs";

  cs::Skeleton<futexctn_bpf> skel(c);
  skel->rodata->filter_lock = lock;
  skel->rodata->use_ms = o.ms;
  skel->rodata->summary = o.summary;
  cs::size_stack_map(skel->maps.stackmap, o.stacks);
  skel.load_and_attach();
  cs::print_banner(c, "Summarizing futex contention latency... Hit Ctrl-C to end.\n");

  cs::StackResolver stacks(bpf_map__fd(skel->maps.stackmap), o.stacks.depth, {true, false});
  auto on_summary = [&] {
    cs::Output& out = cs::out();
    auto rows = cs::read_by_weight<futexctn_key, futexctn_hist>(
        bpf_map__fd(skel->maps.hists), [](const futexctn_hist& h) { return h.total; }, true);
    std::string now = cs::wall_hms_now();
    cs::HistogramReport r;
    r.unit = unit;
    r.hists_key = "locks";
    r.text_before = o.timestamp ? "\n" + now + "\n" : "\n";
    r.time = std::move(now);
    // What the labels view: it stays put while the report grows.
    struct Held {
      std::string lock;
      cs::ResolvedStack us;
      std::vector<std::string_view> frames;
    };
    std::deque<Held> held;
    std::vector<std::pair<std::string, uint64_t>> folded;  // line but its count, total
    for (auto& [k, h] : rows) {
      std::string_view comm = cs::fixed_str(h.comm);
      Held& kept = held.emplace_back();
      kept.us = stacks.user(k.user_stack_id, static_cast<pid_t>(k.pid));
      const cs::ResolvedStack& us = kept.us;
      uint64_t avg = h.contended ? h.total / h.contended : 0, min = h.contended ? h.min : 0;
      if (c.folded) {
        cs::FoldedLine(folded.emplace_back("", h.total).first, comm).callers_first(us);
        continue;
      }
      cs::Histogram& hist = r.hists.emplace_back();
      // libbpf-tools: "comm[tid] lock 0x... contended N times, A avg usecs
      // [max: X usecs, min Y usecs]", the stack between "-" lines (-s: the
      // pid and no stack).
      kept.lock = hex(k.uaddr);
      char line[256];
      std::snprintf(line, sizeof line, "[%u] lock %s contended %llu times, %llu avg %s [max: %llu %s, min %llu %s]",
                    o.summary ? k.pid : k.tid, kept.lock.c_str(), static_cast<unsigned long long>(h.contended),
                    static_cast<unsigned long long>(avg), unit, static_cast<unsigned long long>(h.max), unit,
                    static_cast<unsigned long long>(min), unit);
      hist.text_before = "\n\n";
      cs::append_text_escaped(hist.text_before, comm);
      hist.text_before += line;
      if (!o.summary) {
        hist.text_before += "\n    -\n";
        cs::append_frame_lines(hist.text_before, us);
        hist.text_before += "    -";
      }
      hist.text_before += '\n';
      hist.labels = {{"comm", comm}, {"pid", k.pid}};
      if (!o.summary) hist.labels.push_back({"tid", k.tid});
      hist.labels.insert(hist.labels.end(), {{"lock", std::string_view(kept.lock)},
                                             {"contended", h.contended},
                                             {"total", h.total},
                                             {"avg", avg},
                                             {"max", h.max},
                                             {"min", min}});
      if (!o.summary) {
        // JSON: innermost frame first, [] when the stack was not shown.
        if (us.shown) kept.frames.assign(us.frames.begin(), us.frames.end());
        hist.labels.push_back({"ustack", cs::Value(kept.frames)});
      }
      hist.slots.assign(h.slots, h.slots + FUTEXCTN_SLOTS);
    }
    // One line per comm and stack, however many locks and threads it had.
    cs::merge_alike(folded, [](const auto& f) { return f.first; }, &std::pair<std::string, uint64_t>::second);
    for (auto& [line, total] : folded) {
      out.put(line);
      out.printf(" %" PRIu64 "\n", total);
    }
    if (c.json || !c.folded) cs::sink().histograms(r);
    out.flush();
    stacks.warn_missed();
    cs::warn_uncounted(skel.obj(), "contended waits not counted: too many locks and stacks (the map is full)");
  };
  auto keep = stacks.keeping_processes_of<futexctn_key>(
      bpf_map__fd(skel->maps.hists), [](const futexctn_key& k, auto keep_pid) { keep_pid(k.pid); });
  return cs::run_loop(c, nullptr, on_summary, keep);
}

}  // namespace

CS_TOOL_MAIN(body)
