#include "common/cli/stack_options.h"

#include "common/base/error.h"

namespace cs {

void add_stack_map_options(Cli& cli, StackMapOptions& o) {
  cli.option("--perf-max-stack-depth", o.depth,
             "Frames kept per stack, user and kernel (default " + std::to_string(o.depth) + ")", 1, 65535)
      .option("--stack-storage-size", o.storage,
              "Number of distinct stacks that can be stored (default " + std::to_string(o.storage) + ")",
              1, 1u << 22);
}

uint64_t BlockTimeOptions::min_ns() const { return min_us > UINT64_MAX / 1000 ? UINT64_MAX : min_us * 1000; }
uint64_t BlockTimeOptions::max_ns() const { return max_us > UINT64_MAX / 1000 ? UINT64_MAX : max_us * 1000; }

void add_block_time_options(Cli& cli, BlockTimeOptions& o) {
  cli.option("-m,--min-block-time", o.min_us,
             "Count only blocks of at least this many microseconds (default 1)", 0, UINT64_MAX, "USECS")
      .option("-M,--max-block-time", o.max_us,
              "Count only blocks of at most this many microseconds (default no limit)", 0, UINT64_MAX,
              "USECS");
}

void check_block_time_options(const BlockTimeOptions& o) {
  if (o.min_us > o.max_us)
    usage_error("--min-block-time " + std::to_string(o.min_us) + " exceeds --max-block-time " +
                std::to_string(o.max_us));
}

}  // namespace cs
