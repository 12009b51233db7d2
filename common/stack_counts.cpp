#include "common/stack_counts.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>

#include "common/error.h"
#include "common/escape.h"
#include "common/perf_sampling.h"
#include "common/output.h"

namespace cs {

bool is_tracing_frame(std::string_view name) {
  // Innermost frames of a stack taken from a tracepoint: the BPF program
  // (kallsyms "bpf_prog_<tag>_<name>"), the trampolines that call it
  // (bpf_trace_run<N>, __bpf_trace_<event>, __traceiter_<event>), and for
  // classic tracepoints the perf glue (perf_trace_<event>, perf_tp_event,
  // trace_call_bpf, perf_trace_run_bpf_submit).
  static constexpr std::string_view kPrefixes[] = {
      "bpf_prog_", "bpf_trace_run", "__bpf_trace_", "__traceiter_", "perf_trace_",
      "perf_tp_event", "trace_call_bpf", "bpf_get_stack", "__bpf_prog_run"};
  for (std::string_view p : kPrefixes)
    if (name.substr(0, p.size()) == p) return true;
  return false;
}

void trim_tracing_frames(std::vector<std::string>& frames, std::vector<uint64_t>& ips) {
  size_t n = 0;
  while (n < frames.size() && is_tracing_frame(frames[n])) n++;
  if (n == frames.size()) return;  // nothing but tracing frames: keep them, say something
  frames.erase(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(n));
  if (ips.size() >= n) ips.erase(ips.begin(), ips.begin() + static_cast<std::ptrdiff_t>(n));
}

StackResolver::StackResolver(int stack_map_fd, uint32_t max_depth, StackSides sides)
    : fd_(stack_map_fd), depth_(max_depth), sides_(sides) {}

ResolvedStack StackResolver::kernel(int64_t id) {
  ResolvedStack s;
  if (!sides_.kernel || id == -EFAULT) return s;
  s.shown = true;
  if (id < 0 || !read_stack_ips(fd_, static_cast<int32_t>(id), depth_, s.ips)) {
    s.missed = true;
    s.frames.emplace_back(kMissedKernelStack);
    missed_++;
    return s;
  }
  s.frames = sym_.kernel_frames(s.ips);
  trim_tracing_frames(s.frames, s.ips);
  return s;
}

ResolvedStack StackResolver::user(int64_t id, pid_t pid) {
  ResolvedStack s;
  if (!sides_.user || id == -EFAULT) return s;
  s.shown = true;
  if (id < 0 || !read_stack_ips(fd_, static_cast<int32_t>(id), depth_, s.ips)) {
    s.missed = true;
    s.frames.emplace_back(kMissedUserStack);
    missed_++;
    return s;
  }
  s.frames = sym_.user_frames(pid, s.ips);
  return s;
}

bool StackResolver::warn_missed() {
  if (!missed_) return false;
  // The stack map was full, or two stacks collided in it.
  std::fprintf(stderr,
               "WARNING: %zu stack traces could not be displayed. "
               "Consider increasing --stack-storage-size.\n",
               missed_);
  missed_ = 0;
  return true;
}

void append_frame_lines(std::string& out, const ResolvedStack& s, const FrameLines& how) {
  if (!s.shown) return;
  size_t n = s.frames.size();
  for (size_t k = 0; k < n; k++) {
    size_t i = how.callers_first ? n - 1 - k : k;
    out += how.indent;
    if (how.with_addresses && i < s.ips.size()) {
      char addr[24];
      std::snprintf(addr, sizeof addr, "%-16" PRIx64 " ", s.ips[i]);
      out += addr;
    }
    append_text_escaped(out, s.frames[i]);
    out += '\n';
  }
}

FoldedLine::FoldedLine(std::string& out, std::string_view first) : out_(out) {
  append_text_escaped(out_, first);
}

FoldedLine& FoldedLine::frame(std::string_view f) {
  out_.push_back(';');
  append_text_escaped(out_, f);
  return *this;
}

FoldedLine& FoldedLine::callers_first(const StackPart& p) {
  if (p.shown)
    for (auto it = p.frames.rbegin(); it != p.frames.rend(); ++it) frame(*it);
  return *this;
}

FoldedLine& FoldedLine::innermost_first(const StackPart& p) {
  if (p.shown)
    for (const std::string& f : p.frames) frame(f);
  return *this;
}

void FoldedLine::end(uint64_t count) {
  out_.push_back(' ');
  out_ += std::to_string(count);
  out_.push_back('\n');
}

void add_stack_map_options(Cli& cli, StackMapOptions& o) {
  cli.option("--perf-max-stack-depth", o.depth,
             "Frames kept per stack, user and kernel (default " + std::to_string(o.depth) + ")", 1, 65535)
      .option("--stack-storage-size", o.storage,
              "Number of distinct stacks that can be stored (default " + std::to_string(o.storage) + ")",
              1, 1u << 22);
}

void size_stack_map(bpf_map* m, const StackMapOptions& o) {
  uint64_t max_depth = read_sysctl_u64("/proc/sys/kernel/perf_event_max_stack", 127);
  if (o.depth > max_depth)
    usage_error("--perf-max-stack-depth " + std::to_string(o.depth) +
                " exceeds kernel.perf_event_max_stack (" + std::to_string(max_depth) + ")");
  bpf_map__set_value_size(m, o.depth * static_cast<uint32_t>(sizeof(uint64_t)));
  bpf_map__set_max_entries(m, o.storage);
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

void print_banner(const Common& c, const std::string& text) {
  if (c.json || c.folded) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  } else {
    out().put(text);
  }
}

}  // namespace cs
