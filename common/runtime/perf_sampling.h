// Sampling perf events for BPF programs (profile and any later tool that
// samples per CPU): one
// PERF_TYPE_SOFTWARE / PERF_COUNT_SW_CPU_CLOCK event per CPU with a
// perf_event BPF program attached to it.
#pragma once
#include <cstdint>
#include <vector>

#include "common/system/cpus.h"

struct bpf_link;
struct bpf_program;

namespace cs {

// Opens a cpu-clock sampling event on each CPU (frequency mode when freq is
// non-zero, else one sample every `period` nanoseconds of CPU time) and
// attaches `prog`.  CPUs that went offline meanwhile are skipped.  Throws
// Fatal (exit 1) naming the CPU and cause on any other failure; the links
// made so far are destroyed first.
std::vector<bpf_link*> attach_cpu_clock(bpf_program* prog, const std::vector<int>& cpus,
                                        uint64_t freq, uint64_t period);

}  // namespace cs
