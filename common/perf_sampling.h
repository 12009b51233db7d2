// Sampling perf events for BPF programs (profile and any later tool that
// samples per CPU): the online CPU list, kernel limits, and one
// PERF_TYPE_SOFTWARE / PERF_COUNT_SW_CPU_CLOCK event per CPU with a
// perf_event BPF program attached to it.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

struct bpf_link;
struct bpf_program;

namespace cs {

// Parses a kernel CPU list such as "0-3,6,8-9"; nullopt-like empty vector
// and false on malformed text.
bool parse_cpu_list(const std::string& text, std::vector<int>& cpus);
// CPUs in /sys/devices/system/cpu/online (falls back to CPU 0..n-1 from
// sysconf when the file cannot be read).
std::vector<int> online_cpus();

// A number from a /proc/sys file, or `fallback` when unreadable.
uint64_t read_sysctl_u64(const char* path, uint64_t fallback);

// Opens a cpu-clock sampling event on each CPU (frequency mode when freq is
// non-zero, else one sample every `period` nanoseconds of CPU time) and
// attaches `prog`.  CPUs that went offline meanwhile are skipped.  Throws
// Fatal (exit 1) naming the CPU and cause on any other failure; the links
// made so far are destroyed first.
std::vector<bpf_link*> attach_cpu_clock(bpf_program* prog, const std::vector<int>& cpus,
                                        uint64_t freq, uint64_t period);

}  // namespace cs
