// cpufreq: sample CPU clock frequencies on every CPU, system-wide and by
// process name, as linear histograms of MHz.
#include <bpf/bpf.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/perf_sampling.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/cpus.h"
#include "cpufreq.h"
#include "cpufreq.skel.h"

namespace {

// Each online CPU's frequency in MHz from cpufreq's sysfs (0 where a CPU has
// none).  $CORESCOPE_SYSFS stands in for /sys, for tests.
std::vector<std::pair<int, uint32_t>> initial_mhz(const std::vector<int>& cpus) {
  const char* env = std::getenv("CORESCOPE_SYSFS");
  std::string sysfs = env && *env ? env : "/sys";
  std::vector<std::pair<int, uint32_t>> r;
  bool any = false;
  for (int cpu : cpus) {
    std::string dir = sysfs + "/devices/system/cpu/cpu" + std::to_string(cpu) + "/cpufreq";
    struct stat st;
    any |= stat(dir.c_str(), &st) == 0;
    std::ifstream f(dir + "/scaling_cur_freq");
    unsigned long khz = 0;
    r.emplace_back(cpu, f >> khz ? static_cast<uint32_t>(khz / 1000) : 0);
  }
  if (!any)
    cs::fail("cpufreq is not available on this system (no " + sysfs + "/devices/system/cpu/cpu" +
             std::to_string(cpus.at(0)) + "/cpufreq)");
  return r;
}

int body(int argc, char** argv) {
  cs::Cli cli("Sample CPU frequency system-wide and by process");
  uint64_t freq = 99;
  cli.duration("-d,--duration")
      .option("-f,--frequency", freq, "Sample with this frequency, Hertz (default 99)", 1, 1000000,
              "HZ")
      .cgroup_filter()
      .examples(R"(EXAMPLES:
  cpufreq         # sample CPU freq at 99HZ (default)
  cpufreq -d 5    # sample for 5 seconds only
  cpufreq -c CG   # trace processes in cgroup (v2) directory CG only
  cpufreq -f 199  # sample CPU freq at 199HZ
  cpufreq --json -d 5   # one JSON object at the end)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  uint64_t max_rate = cs::read_sysctl_u64("/proc/sys/kernel/perf_event_max_sample_rate", UINT64_MAX);
  if (freq > max_rate)
    cs::usage_error("-f " + std::to_string(freq) + " exceeds kernel.perf_event_max_sample_rate (" +
                    std::to_string(max_rate) + ")");
  std::vector<int> cpus = cs::online_cpus();
  auto seeds = initial_mhz(cpus);

  cs::Skeleton<cpufreq_bpf> skel(c);
  bpf_map__set_max_entries(skel->maps.freqs_mhz, libbpf_num_possible_cpus());
  skel.load_and_attach();
  for (auto [cpu, mhz] : seeds) {
    uint32_t key = cpu;
    bpf_map_update_elem(bpf_map__fd(skel->maps.freqs_mhz), &key, &mhz, BPF_ANY);
  }
  for (bpf_link* l : cs::attach_cpu_clock(skel->progs.do_sample, cpus, freq, 0)) skel.adopt(l);

  const char* banner = "Sampling CPU freq system-wide & by process. Ctrl-C to end.\n";
  if (c.json) std::fputs(banner, stderr);
  else cs::out().put(banner);

  auto on_summary = [&] {
    auto procs = cs::read_hash_map<cpufreq_key, cpufreq_hist>(bpf_map__fd(skel->maps.hists), true);
    cpufreq_hist all{};
    uint32_t zero = 0;
    bpf_map_lookup_elem(bpf_map__fd(skel->maps.syswide), &zero, &all);
    // libbpf-tools' layout: each process's histogram under its name and a
    // blank line, then a blank line and the system-wide one.  JSON: the
    // system-wide histogram last, its comm null.
    cs::HistogramReport r;
    r.unit = "MHz";
    r.time = cs::wall_hms_now();
    r.text_before = "\n";
    auto add = [&](const uint32_t* slots) -> cs::Histogram& {
      cs::Histogram& h = r.hists.emplace_back();
      h.scale = cs::Histogram::Scale::Linear;
      h.step = CPUFREQ_STEP_MHZ;
      h.slots.assign(slots, slots + CPUFREQ_SLOTS);
      return h;
    };
    for (auto& [k, hist] : procs) {
      std::string_view comm = cs::fixed_str(k.comm);
      cs::Histogram& h = add(hist.slots);
      h.text_unit = cs::text_escaped(comm);
      h.text_after = "\n";
      h.labels.push_back({"comm", comm});
    }
    cs::Histogram& sys = add(all.slots);
    sys.text_before = "\n";
    sys.text_unit = "syswide";
    sys.labels.push_back({"comm", cs::Value()});
    cs::sink().histograms(r);
    cs::warn_uncounted(skel.obj(), "samples not counted per process: too many process names");
  };
  return cs::run_loop(c, nullptr, on_summary);
}

}  // namespace

CS_TOOL_MAIN(body)
