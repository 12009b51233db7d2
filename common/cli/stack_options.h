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

}  // namespace cs
