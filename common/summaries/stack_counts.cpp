#include "common/summaries/stack_counts.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>

#include "common/base/error.h"
#include "common/output/escape.h"
#include "common/output/notice.h"
#include "common/system/cpus.h"

namespace cs {

bool is_tracing_frame(std::string_view name, TracingFrames which) {
  // Innermost frames of a stack taken from a tracepoint: the BPF program
  // (kallsyms "bpf_prog_<tag>_<name>"), the trampolines that call it
  // (bpf_trace_run<N>, __bpf_trace_<event>, __traceiter_<event>; for fentry
  // bpf_trampoline_<key>), and for classic tracepoints the perf glue
  // (perf_trace_<event>, perf_tp_event, trace_call_bpf,
  // perf_trace_run_bpf_submit).
  static constexpr std::string_view kPrefixes[] = {
      "bpf_prog_", "bpf_trace_run", "__bpf_trace_", "__traceiter_", "perf_trace_", "perf_tp_event",
      "trace_call_bpf", "bpf_get_stack", "__bpf_prog_run", "bpf_trampoline_"};
  for (std::string_view p : kPrefixes)
    if (name.substr(0, p.size()) == p) return true;
  return which.unknown && name == "[unknown]";
}

void trim_tracing_frames(std::vector<std::string>& frames, std::vector<uint64_t>& ips, TracingFrames which) {
  size_t n = 0;
  while (n < frames.size() && is_tracing_frame(frames[n], which)) n++;
  if (n == frames.size()) return;  // nothing but tracing frames: keep them, say something
  frames.erase(frames.begin(), frames.begin() + static_cast<std::ptrdiff_t>(n));
  if (ips.size() >= n) ips.erase(ips.begin(), ips.begin() + static_cast<std::ptrdiff_t>(n));
}

StackResolver::StackResolver(int stack_map_fd, uint32_t max_depth, StackSides sides)
    : fd_(stack_map_fd), depth_(max_depth), sides_(sides) {}

ResolvedStack StackResolver::kernel(int64_t id) {
  ResolvedStack s = read(id, sides_.kernel, kMissedKernelStack);
  if (s.shown && !s.missed) {
    s.frames = sym_.kernel_frames(s.ips);
    if (sides_.trim_tracer) trim_tracing_frames(s.frames, s.ips);
  }
  return s;
}

ResolvedStack StackResolver::user(int64_t id, pid_t pid) {
  ResolvedStack s = read(id, sides_.user, kMissedUserStack);
  if (s.shown && !s.missed) s.frames = sym_.user_frames(pid, s.ips);
  return s;
}

ResolvedStack StackResolver::read(int64_t id, bool side_shown, const char* missed_text) {
  ResolvedStack s;
  if (!side_shown || id == -EFAULT) return s;
  s.shown = true;
  if (id < 0 || !read_stack_ips(fd_, static_cast<int32_t>(id), depth_, s.ips)) {
    s.missed = true;
    s.error = stack_loss_error(id);
    s.frames.emplace_back(missed_text);
    losses_.count(s.error);
  }
  return s;
}

void StackResolver::keep_process(pid_t pid) {
  if (pid > 0 && sides_.user && kept_.insert(pid).second) sym_.usyms().keep(pid);
}

bool StackResolver::warn_missed() {
  if (!losses_.total()) return false;
  for (const std::string& w : losses_.take_warnings(map_entries(fd_))) warn(w);
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

void size_stack_map(bpf_map* m, const StackMapOptions& o) {
  uint64_t max_depth = read_sysctl_u64("/proc/sys/kernel/perf_event_max_stack", 127);
  if (o.depth > max_depth)
    usage_error("--perf-max-stack-depth " + std::to_string(o.depth) +
                " exceeds kernel.perf_event_max_stack (" + std::to_string(max_depth) + ")");
  bpf_map__set_value_size(m, o.depth * static_cast<uint32_t>(sizeof(uint64_t)));
  bpf_map__set_max_entries(m, o.storage);
}

}  // namespace cs
