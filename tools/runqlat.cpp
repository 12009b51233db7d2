// runqlat: summarize run queue (scheduler) latency as log2 histograms.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/escape.h"
#include "common/histogram.h"
#include "common/json.h"
#include "common/keyed_hist.h"
#include "common/loop.h"
#include "common/output.h"
#include "common/skeleton.h"
#include "runqlat.h"
#include "runqlat.skel.h"

namespace {

struct Options {
  bool timestamp = false, ms = false, pids = false, tids = false, pidnss = false;
};

// Per-key sections: header "pid = 1234 comm" as libbpf-tools prints it.
std::vector<cs::HistSection> sections(const std::vector<std::pair<uint32_t, runqlat_hist>>& hists,
                                      uint32_t mode) {
  static const char* const names[] = {"", "pid", "tid", "pidns"};
  std::vector<cs::HistSection> r;
  for (const auto& [key, h] : hists) {
    cs::HistSection& s = r.emplace_back();
    std::string_view comm(h.comm, strnlen(h.comm, sizeof h.comm));
    if (mode != RUNQLAT_KEY_NONE) {
      s.header = std::string(names[mode]) + " = " + std::to_string(key) + " " + cs::text_escaped(comm);
      s.key.unum(names[mode], key).str("comm", comm);
    }
    s.slots.assign(h.slots, h.slots + RUNQLAT_SLOTS);
  }
  return r;
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize run queue (scheduler) latency as a histogram");
  Options o;
  cli.flag("-T,--timestamp", o.timestamp, "Include timestamp on output")
      .flag("-m,--milliseconds", o.ms, "Millisecond histogram")
      .flag("--pidnss", o.pidnss, "Print a histogram per PID namespace")
      .flag("-P,--pids", o.pids, "Print a histogram per process ID")
      .flag("-L,--tids", o.tids, "Print a histogram per thread ID")
      .pid_filter()
      .cgroup_filter()
      .interval_count()
      .excludes("--pids", "--tids")
      .excludes("--pids", "--pidnss")
      .excludes("--tids", "--pidnss")
      .examples(R"(EXAMPLES:
  runqlat           # summarize run queue latency as a histogram
  runqlat 1 10      # print 1 second summaries, 10 times
  runqlat -mT 1     # 1s summaries, milliseconds, and timestamps
  runqlat -P        # show each PID separately
  runqlat -p 185    # trace PID 185 only
  runqlat -c CG     # trace processes in cgroup (v2) directory CG only
  runqlat --json 1  # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  uint32_t mode = o.pids     ? RUNQLAT_KEY_PID
                  : o.tids   ? RUNQLAT_KEY_TID
                  : o.pidnss ? RUNQLAT_KEY_PIDNS
                             : RUNQLAT_KEY_NONE;
  const char* unit = o.ms ? "msecs" : "usecs";

  cs::block_exit_signals();
  cs::Skeleton<runqlat_bpf> skel(c);
  skel->rodata->key_mode = mode;
  skel->rodata->use_ms = o.ms;
  if (skel.prepared().tier != cs::Tier::Tracepoint)  // only that flavour uses it
    bpf_map__set_autocreate(skel->maps.pending, false);
  skel.load_and_attach();

  cs::Output& out = cs::out();
  const char* banner = "Tracing run queue latency... Hit Ctrl-C to end.\n";
  if (c.json) std::fputs(banner, stderr);
  else out.put(banner);

  auto on_summary = [&] {
    auto hists = cs::read_hash_map<uint32_t, runqlat_hist>(bpf_map__fd(skel->maps.hists), true);
    std::vector<cs::HistSection> secs = sections(hists, mode);
    std::string now = cs::wall_hms_now();
    if (c.json) {
      cs::Json j;
      j.str("time", now);
      if (mode != RUNQLAT_KEY_NONE)
        j.raw("hists", cs::keyed_log2_hists_json(secs, unit));
      else if (secs.empty())
        j.raw("hist", cs::log2_hist_json({}, unit));
      else
        j.raw("hist", cs::log2_hist_json(secs[0].slots, unit));
      out.put(j.end());
      return;
    }
    out.put('\n');
    if (o.timestamp) out.printf("%-8s\n", now.c_str());
    cs::append_keyed_log2_hists(out.buffer(), secs, unit);
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

int main(int argc, char** argv) { return cs::run_main(argc, argv, body); }
