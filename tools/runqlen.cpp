// runqlen: summarize scheduler run queue length as a linear histogram,
// sampled on every CPU at a timed interval.
#include <bpf/bpf.h>

#include <array>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/output/clock.h"
#include "common/output/json.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/perf_sampling.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/cpus.h"
#include "common/system/kernel_btf.h"
#include "runqlen.h"
#include "runqlen.skel.h"

namespace {

using Slots = std::array<uint32_t, RUNQLEN_SLOTS>;

struct Options {
  bool per_cpu = false, occupancy = false, timestamp = false;
  uint64_t freq = 99;
};

// Each CPU's samples since the previous call: the BPF side never resets its
// per-CPU counters, so nothing is lost between reading and clearing.
class Deltas {
 public:
  explicit Deltas(int fd) : fd_(fd), last_(libbpf_num_possible_cpus()), now_(last_.size()) {}
  std::vector<Slots> take() {
    uint32_t zero = 0;
    if (bpf_map_lookup_elem(fd_, &zero, now_.data()) != 0)
      cs::fail("cannot read the run queue samples: " + cs::errno_text(errno));
    std::vector<Slots> r(now_.size());
    for (size_t cpu = 0; cpu < now_.size(); cpu++)
      for (int i = 0; i < RUNQLEN_SLOTS; i++)
        r[cpu][i] = static_cast<uint32_t>(now_[cpu].slots[i] - last_[cpu].slots[i]);
    last_.swap(now_);
    return r;
  }

 private:
  int fd_;
  std::vector<runqlen_hist> last_, now_;
};

struct Occupancy {
  uint64_t samples = 0, queued = 0;
  double percent() const { return samples ? 100.0 * queued / samples : 0; }
};
Occupancy occupancy(const Slots& s) {
  Occupancy o;
  for (int i = 0; i < RUNQLEN_SLOTS; i++) o.samples += s[i];
  o.queued = o.samples - s[0];
  return o;
}

using CpuSlots = std::vector<std::pair<int, Slots>>;  // (cpu, slots); cpu -1: all CPUs

// bcc's layout: a blank line, the time with -T, then each histogram ("cpu = N"
// above it with -C).
cs::HistogramReport report(const CpuSlots& rows, std::string now, bool timestamp) {
  cs::HistogramReport r;
  r.unit = "runqlen";
  r.text_before = timestamp ? "\n" + now + "\n" : "\n";
  r.time = std::move(now);
  for (auto& [cpu, s] : rows) {
    cs::Histogram& h = r.hists.emplace_back();
    h.scale = cs::Histogram::Scale::Linear;
    if (cpu >= 0) {
      h.text_before = "cpu = " + std::to_string(cpu) + "\n";
      h.labels.push_back({"cpu", cpu});
    }
    h.slots.assign(s.begin(), s.end());
  }
  return r;
}

// -O: occupancy lines, or {"type":"counts","time":..,"samples":..,"runqocc":..}
// ("cpus":[{"cpu":..,"samples":..,"runqocc":..}] with -C).
void print_occupancy(const CpuSlots& rows, const std::string& now, bool json, bool timestamp) {
  cs::Output& out = cs::out();
  if (json) {
    cs::JsonWriter w(out.buffer());
    w.begin_object().member("type", "counts").member("time", std::string_view(now));
    bool per_cpu = rows.empty() || rows[0].first >= 0;
    if (per_cpu) w.begin_array("cpus");
    for (auto& [cpu, s] : rows) {
      if (per_cpu) w.begin_object().member("cpu", cpu);
      w.member("samples", occupancy(s).samples).member("runqocc", occupancy(s).percent());
      if (per_cpu) w.end();
    }
    if (per_cpu) w.end();
    w.end();
    out.put('\n');
    return;
  }
  out.put('\n');
  if (timestamp) out.printf("%-8s\n", now.c_str());
  for (auto& [cpu, s] : rows) {
    if (cpu >= 0) out.printf("runqocc, CPU %-3d %6.2f%%\n", cpu, occupancy(s).percent());
    else out.printf("runqocc: %0.2f%%\n", occupancy(s).percent());
  }
}

int body(int argc, char** argv) {
  cs::Cli cli("Summarize scheduler run queue length as a histogram");
  Options o;
  cli.flag("-C,--cpus", o.per_cpu, "Print output for each CPU separately")
      .option("-f,--frequency", o.freq, "Sample with this frequency, Hertz (default 99)", 1,
              1000000, "HZ")
      .flag("-O,--runqocc", o.occupancy, "Report run queue occupancy")
      .flag("-T,--timestamp", o.timestamp, "Include timestamp on output")
      .interval_count()
      .examples(R"(EXAMPLES:
  runqlen         # summarize run queue length as a histogram
  runqlen 1 10    # print 1 second summaries, 10 times
  runqlen -T 1    # 1s summaries and timestamps
  runqlen -O      # report run queue occupancy
  runqlen -C      # show each CPU separately
  runqlen -f 199  # sample at 199HZ
  runqlen --json 1  # one JSON object per second)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  uint64_t max_rate = cs::read_sysctl_u64("/proc/sys/kernel/perf_event_max_sample_rate", UINT64_MAX);
  if (o.freq > max_rate)
    cs::usage_error("-f " + std::to_string(o.freq) + " exceeds kernel.perf_event_max_sample_rate (" +
                    std::to_string(max_rate) + ")");
  // The run queue is reached through cfs_rq->rq, which only group scheduling has.
  if (cs::struct_has_member(c.btf_path, "cfs_rq", "rq") == false)
    cs::fail("this kernel has no CONFIG_FAIR_GROUP_SCHED (struct cfs_rq has no rq member), "
             "which runqlen needs to find a CPU's run queue");
  std::vector<int> online = cs::online_cpus();
  std::set<int> shown(online.begin(), online.end());

  cs::Skeleton<runqlen_bpf> skel(c);
  skel.load_and_attach();
  for (bpf_link* l : cs::attach_cpu_clock(skel->progs.do_sample, online, o.freq, 0)) skel.adopt(l);

  const char* banner = "Sampling run queue length... Hit Ctrl-C to end.\n";
  if (c.json) std::fputs(banner, stderr);
  else cs::out().put(banner);

  Deltas deltas(bpf_map__fd(skel->maps.hists));
  auto on_summary = [&] {
    std::vector<Slots> per_cpu = deltas.take();
    CpuSlots rows;
    if (o.per_cpu) {
      for (size_t cpu = 0; cpu < per_cpu.size(); cpu++)
        if (shown.count(cpu) || occupancy(per_cpu[cpu]).samples) rows.emplace_back(cpu, per_cpu[cpu]);
    } else {
      Slots all{};
      for (const Slots& s : per_cpu)
        for (int i = 0; i < RUNQLEN_SLOTS; i++) all[i] += s[i];
      rows.emplace_back(-1, all);
    }
    std::string now = cs::wall_hms_now();
    if (o.occupancy) print_occupancy(rows, now, c.json, o.timestamp);
    else cs::sink().histograms(report(rows, std::move(now), o.timestamp));
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
