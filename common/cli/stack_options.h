// Options every stack tool takes, with bcc's names and defaults.
#pragma once
#include <cstdint>

#include "common/cli/cli.h"

namespace cs {

// --perf-max-stack-depth and --stack-storage-size, as every stack tool takes them.
struct StackMapOptions {
  uint32_t depth = 127;      // frames kept per stack
  uint32_t storage = 16384;  // distinct stacks the map holds
};
void add_stack_map_options(Cli& cli, StackMapOptions& o);

// -U / -K (which halves of a stack to show) and -d (a "-" between them),
// with the help text bcc gives them; -U excludes -K.
void add_stack_side_flags(Cli& cli, bool& user_only, bool& kernel_only, bool& delimited);

// -m / -M in microseconds (offcputime, wakeuptime, offwaketime); -m above
// -M is a usage error.  The BPF side takes nanoseconds (stack_counts.bpf.h).
struct BlockTimeOptions {
  uint64_t min_us = 1;
  uint64_t max_us = UINT64_MAX;
  uint64_t min_ns() const;
  uint64_t max_ns() const;  // saturates at UINT64_MAX
};
void add_block_time_options(Cli& cli, BlockTimeOptions& o);
void check_block_time_options(const BlockTimeOptions& o);

// offcputime's and offwaketime's flags, as bcc names them: -p -t -u -k -U -K
// -d -f --state -m -M, the stack map options, --cgroup, the duration, and
// the pairs that exclude each other.
struct OffCpuOptions {
  bool user_threads = false, kernel_threads = false, user_only = false, kernel_only = false;
  bool delimited = false;
  uint32_t state = 0;
  uint32_t state_knob = 0;  // after parse: 0 for any state, else --state + 1
  StackMapOptions stacks;
  BlockTimeOptions block;
};
void add_offcpu_options(Cli& cli, OffCpuOptions& o, const std::string& folded_help);
// After parse: the checks, and state_knob.
void check_offcpu_options(const Cli& cli, OffCpuOptions& o);

// The BPF knobs of the off-CPU family (bpf/include/stack_counts.bpf.h).
template <class Rodata>
void set_offcpu_knobs(Rodata* ro, const OffCpuOptions& o) {
  ro->cs_user_threads_only = o.user_threads;
  ro->cs_kernel_threads_only = o.kernel_threads;
  ro->cs_user_stacks_only = o.user_only;
  ro->cs_kernel_stacks_only = o.kernel_only;
  ro->cs_filter_state = o.state_knob;
  ro->cs_min_block_ns = o.block.min_ns();
  ro->cs_max_block_ns = o.block.max_ns();
}

}  // namespace cs
