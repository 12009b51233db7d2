// Stacks for the stack tools (profile, offcputime, wakeuptime, ...): reading
// a BPF_MAP_TYPE_STACK_TRACE entry, symbolizing it, and the layout of bcc's
// comm-and-stack reports.
//
//   cs::StackRecord r;
//   r.comm = comm; r.pid = pid; r.count = n;
//   r.kernel = ...; r.user = ...;   // summaries/stack_counts.h: StackResolver
//   cs::StackReport rep = cs::user_kernel_stack_report(c.folded, delimited, tail);
//   rep.rows.push_back({.labels = {{"comm", r.comm}, {"pid", r.pid}},
//                       .stacks = cs::user_kernel_frames(r), .count = r.count});
//   cs::sink().stacks(rep);
#pragma once
#include <sys/types.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/output/report.h"
#include "common/symbols/ksyms.h"
#include "common/symbols/usyms.h"

namespace cs {

inline constexpr char kMissedUserStack[] = "[Missed User Stack]";
inline constexpr char kMissedKernelStack[] = "[Missed Kernel Stack]";

// One side (user or kernel) of a sampled stack.
struct StackPart {
  bool shown = false;               // false: not collected or not applicable (prints nothing)
  bool missed = false;              // the id was an error: frames = {"[Missed ... Stack]"}
  int64_t error = 0;                // when missed: the id (-EEXIST...), or -ENOENT if unreadable
  std::vector<std::string> frames;  // innermost first
};

// Why stacks could not be shown, told apart so the warning advises only what
// helps.  bpf_get_stackid() answers -EEXIST when another stack holds the
// hash bucket (likelier the fuller the map: a larger map makes it rarer),
// -ENOMEM when the map has no free entry, other errors when the kernel could
// not walk the stack (nothing to tune).
class StackLosses {
 public:
  void count(int64_t error);
  size_t total() const { return collided_ + full_ + failed_; }
  // One warning per cause (for cs::warn), for a stack map of `entries`
  // (0: unknown); none when nothing was lost.  Counts start again.
  std::vector<std::string> take_warnings(uint32_t entries);

 private:
  size_t collided_ = 0, full_ = 0, failed_ = 0;
};
// The error a missed stack id stands for: the id itself when negative, or
// -ENOENT for a valid id whose entry could not be read from the map.
inline int64_t stack_loss_error(int64_t id) { return id < 0 ? id : -ENOENT; }
// max_entries of a BPF map, 0 if it cannot be read.
uint32_t map_entries(int map_fd);

struct StackRecord {
  std::string_view comm;
  uint32_t pid = 0;
  uint64_t count = 0;
  StackPart user, kernel;
};

// A stack id from bpf_get_stackid() that is an error worth reporting:
// negative but not -EFAULT (which means "no such stack here", e.g. no user
// stack in a kernel thread).
bool stack_id_missed(int64_t id);

// The IPs of stack `id` (innermost first, up to the first zero); false when
// the map has no such entry.  `max_depth` is the map's value size / 8.
bool read_stack_ips(int stack_map_fd, int32_t id, uint32_t max_depth, std::vector<uint64_t>& ips);

// Kernel and user symbols, each loaded on first use.
class StackSymbolizer {
 public:
  StackSymbolizer() = default;
  explicit StackSymbolizer(UserSymbolsOptions o) : user_(std::move(o)) {}

  KernelSymbols& ksyms() { return kernel_; }
  UserSymbols& usyms() { return user_; }

  std::vector<std::string> kernel_frames(const std::vector<uint64_t>& ips);
  std::vector<std::string> user_frames(pid_t pid, const std::vector<uint64_t>& ips);

 private:
  KernelSymbols kernel_;
  UserSymbols user_;
};

// A StackReport row's view of a part (no addresses).
inline StackFrames frames_of(const StackPart& p) { return {p.shown, p.frames, {}}; }

// bcc's layout of comm-and-stack counts (profile, offcputime).  Folded
// (flame graphs): "comm;user frames;kernel frames count", callers first,
// with a "-" frame between user and kernel when delimited.  Multi-line:
// kernel frames innermost first, "--" when delimited, user frames, then
// `tail` (a template: "    -                {comm} ({pid})\n") and the
// count.  JSON: the stacks as "ustack" and "kstack".
StackReport user_kernel_stack_report(bool folded, bool delimited, std::string_view tail);
// A row's stacks in that report's order.
inline std::vector<StackFrames> user_kernel_frames(const StackRecord& r) {
  return {frames_of(r.user), frames_of(r.kernel)};
}

// JSON array of a part's frames, innermost first ([] when not shown).
std::string stack_frames_json(const StackPart& p);

}  // namespace cs
