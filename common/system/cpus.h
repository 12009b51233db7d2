// CPUs and kernel limits read from /sys and /proc/sys.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace cs {

// Parses a kernel CPU list such as "0-3,6,8-9"; nullopt-like empty vector
// and false on malformed text.
bool parse_cpu_list(const std::string& text, std::vector<int>& cpus);
// CPUs in /sys/devices/system/cpu/online (falls back to CPU 0..n-1 from
// sysconf when the file cannot be read).
std::vector<int> online_cpus();

// A number from a /proc/sys file, or `fallback` when unreadable.
uint64_t read_sysctl_u64(const char* path, uint64_t fallback);

}  // namespace cs
