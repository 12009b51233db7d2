// Names of the softirq vectors, in the kernel's order (enum { HI_SOFTIRQ,
// TIMER_SOFTIRQ, ... }, which /proc/softirqs lists too), lower case as
// softirqs and softirqslower print them: "hi", "timer", "net_tx", ...
#pragma once
#include <cstdint>
#include <string>

namespace cs {

// Vectors the table knows (NR_SOFTIRQS of every kernel since 4.1).
constexpr uint32_t kSoftirqVectors = 10;

// "net_rx" for 3; "vec12" for a vector past the table (a newer kernel).
std::string softirq_name(uint32_t vec);

}  // namespace cs
