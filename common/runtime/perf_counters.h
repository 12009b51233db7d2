// Counting perf events sampled per CPU for BPF programs (llcstat and any
// later tool on hardware counters): the event is opened system-wide on each
// CPU with one sample every `period` events, and a perf_event BPF program
// runs on every sample.  profile's cpu-clock sampling (perf_sampling.h) is
// the timed special case of this.
//
//   cs::PerfCounter misses{PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES,
//                          "PERF_COUNT_HW_CACHE_MISSES"};
//   if (int err = cs::probe_perf_counter(misses, cpus); err && cs::perf_event_unsupported(err))
//     cs::fail("... not available ...");
//   for (bpf_link* l : cs::attach_perf_counter(prog, cpus, misses, 100)) skel.adopt(l);
#pragma once
#include <linux/perf_event.h>

#include <cstdint>
#include <string>
#include <vector>

struct bpf_link;
struct bpf_program;

namespace cs {

struct PerfCounter {
  uint32_t type = 0;    // PERF_TYPE_HARDWARE, PERF_TYPE_HW_CACHE, ...
  uint64_t config = 0;  // PERF_COUNT_HW_CACHE_MISSES, ...
  std::string name;     // for messages: "PERF_COUNT_HW_CACHE_MISSES"
};

// The attributes for a system-wide counter sampled every `period` events.
perf_event_attr perf_counter_attr(const PerfCounter& c, uint64_t period);

// perf_event_open(2) of the counter on one CPU, all tasks: the fd, or -errno.
int open_perf_counter(const PerfCounter& c, uint64_t period, int cpu);

// Opens (and closes) the counter on the first CPU of `cpus`: 0 when it can
// be opened, else the errno.
int probe_perf_counter(const PerfCounter& c, const std::vector<int>& cpus);

// Does this perf_event_open(2) error mean the event does not exist here (no
// PMU for it, as in most virtual machines), rather than e.g. missing
// privileges?  ENOENT, EOPNOTSUPP and ENODEV (on an online CPU).
bool perf_event_unsupported(int err);

// Opens the counter on each CPU and attaches prog.  CPUs that went offline
// meanwhile are skipped.  Throws Fatal (exit 1) naming the counter, the CPU
// and the cause; the links made so far are destroyed first.
std::vector<bpf_link*> attach_perf_counter(bpf_program* prog, const std::vector<int>& cpus,
                                           const PerfCounter& c, uint64_t period);

}  // namespace cs
