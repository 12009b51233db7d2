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

void add_stack_side_flags(Cli& cli, bool& user_only, bool& kernel_only, bool& delimited) {
  cli.flag("-U,--user-stacks-only", user_only, "Show stacks from user space only (no kernel)")
      .flag("-K,--kernel-stacks-only", kernel_only, "Show stacks from kernel space only (no user)")
      .flag("-d,--delimited", delimited, "Insert a delimiter between kernel and user stacks")
      .excludes("-U", "-K");
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

void add_offcpu_options(Cli& cli, OffCpuOptions& o, const std::string& folded_help) {
  cli.pid_filter("-p,--pid", "Trace these PIDs only (comma-separated)")
      .tid_filter("-t,--tid", "Trace these TIDs only (comma-separated)")
      .flag("-u,--user-threads-only", o.user_threads, "User threads only (no kernel threads)")
      .flag("-k,--kernel-threads-only", o.kernel_threads, "Kernel threads only (no user threads)");
  add_stack_side_flags(cli, o.user_only, o.kernel_only, o.delimited);
  cli.folded("-f,--folded", folded_help)
      .option("--state", o.state,
              "Only threads leaving the CPU in this state: 0 = runnable (preempted), "
              "else a bitmask, e.g. 2 = TASK_UNINTERRUPTIBLE (include/linux/sched.h)",
              0, 0x7fffffff, "STATE");
  add_block_time_options(cli, o.block);
  add_stack_map_options(cli, o.stacks);
  cli.cgroup_filter("--cgroup")
      .duration_positional()
      .excludes("-p", "-t")
      .excludes("-p", "-k")
      .excludes("-t", "-k")
      .excludes("-u", "-k")
      .excludes("-k", "-U");
}

void check_offcpu_options(const Cli& cli, OffCpuOptions& o) {
  check_block_time_options(o.block);
  o.state_knob = cli.given("--state") ? o.state + 1 : 0;
}

}  // namespace cs
