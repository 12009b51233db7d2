// Live tests for offcputime: a workload ("cs-offcpu") sleeps 100 ms at a time
// in nanosleep(2) issued straight from cs_offcpu_block_target(), while a
// second thread ("cs-offcpu2") sleeps in cs_offcpu_other_target().  The tool
// must show those functions over the kernel's nanosleep path, for that pid,
// with at least one whole sleep's worth of time.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>
#include <thread>

#include "harness.h"
#include "stack_checks.h"
#include "workloads.h"

using namespace cstest;

// nanosleep(2) by a syscall instruction in this very function, so the
// innermost user frame of the sleeping thread is this function.
CS_STACK_TARGET long cs_offcpu_block_target(const struct timespec* ts) {
  return CS_INLINE_SYSCALL3(SYS_nanosleep, ts, 0L, 0L);
}

CS_STACK_TARGET long cs_offcpu_other_target(const struct timespec* ts) {
  return CS_INLINE_SYSCALL3(SYS_nanosleep, ts, 0L, 0L);
}

namespace {

constexpr char kComm[] = "cs-offcpu";
constexpr char kComm2[] = "cs-offcpu2";
constexpr long kSleepUs = 100000;  // each sleep of the main thread
// Off-CPU time starts at the switch-out, after nanosleep armed its timer, so
// one sleep can measure a little under kSleepUs (99,910 us seen on 5.10).
constexpr long kMinOffcpuUs = kSleepUs * 9 / 10;

// Sleeps until killed (at most two minutes).
CS_WORKLOAD(offcputime_sleep) {
  std::thread other([] {
    prctl(PR_SET_NAME, kComm2);
    const struct timespec ts = {0, 30 * 1000 * 1000};
    for (int i = 0; i < 4000; i++) cs_offcpu_other_target(&ts);
  });
  other.detach();
  prctl(PR_SET_NAME, kComm);
  const struct timespec ts = {0, kSleepUs * 1000};
  for (int i = 0; i < 1200; i++) cs_offcpu_block_target(&ts);
  return 0;
}

struct Workload : ScopedWorkload {
  Workload() : ScopedWorkload("offcputime_sleep") {}
};

using OffcpuRun = StackRun;
OffcpuRun run_offcputime(const std::vector<const Workload*>& sleepers,
                         const std::vector<std::string>& args) {
  std::vector<pid_t> pids;
  for (const Workload* w : sleepers) pids.push_back(w->pid);
  return run_around_sleeps("offcputime", pids, args);
}

OffcpuRun run_offcputime(const Workload& w, const std::vector<std::string>& args) {
  return run_offcputime(std::vector<const Workload*>{&w}, args);
}

// The folded lines of comm that hold frame `fn`.
std::vector<std::pair<std::vector<std::string>, long>> folded_with(const std::string& out,
                                                                   const std::string& comm,
                                                                   const std::string& fn) {
  std::vector<std::pair<std::vector<std::string>, long>> r;
  for (const std::string& l : lines_of(out)) {
    std::vector<std::string> f;
    long count = 0;
    EXPECT_TRUE(split_folded(l, f, count)) << "bad folded line: " << l;
    if (!f.empty() && f[0] == comm && has(f, fn)) r.emplace_back(f, count);
  }
  return r;
}

// The folded lines of the main thread that hold its sleeping function.
std::vector<std::pair<std::vector<std::string>, long>> block_lines(const std::string& out) {
  return folded_with(out, kComm, "cs_offcpu_block_target");
}

// The folded lines of the main thread's sleeps: the function over the
// kernel's nanosleep path.  (The thread can also be preempted as it returns
// from the syscall to that function: such a line has the function but not
// the sleep path.)
std::vector<std::pair<std::vector<std::string>, long>> sleeps(const std::string& out) {
  std::vector<std::pair<std::vector<std::string>, long>> r;
  for (auto& [f, count] : block_lines(out)) {
    auto target = std::find(f.begin(), f.end(), "cs_offcpu_block_target");
    if (std::find(target, f.end(), "do_nanosleep") != f.end()) r.emplace_back(f, count);
  }
  return r;
}

TEST(offcputime, FoldedShowsTheSleepingFunctionAndItsTime) {
  CS_REQUIRE_BPF();
  Workload w;
  OffcpuRun r = run_offcputime(w, {"-f", "-p", w.p()});
  // user frames (callers first) end at the function; the kernel's
  // nanosleep path follows it, innermost (schedule) last.
  auto found = sleeps(r.out);
  ASSERT_FALSE(found.empty()) << r.desc;
  long total = 0;
  for (auto& [f, count] : found) total += count;
  EXPECT_GE(total, kMinOffcpuUs) << r.desc;
  for (auto& [f, count] : block_lines(r.out)) {
    if (f.back() == "[Missed Kernel Stack]") continue;  // a hash collision in the stack map
    EXPECT_TRUE(ends_with(f.back(), "schedule")) << "innermost: " << f.back();
    EXPECT_EQ(std::find_if(f.begin(), f.end(), [](const std::string& s) {
                return s.rfind("bpf_", 0) == 0 || s.rfind("__bpf_trace", 0) == 0 ||
                       s.rfind("perf_trace", 0) == 0;
              }),
              f.end())
        << "tracing frames left in: " << r.desc;
  }
  // -p: the process's other thread is there, nothing from elsewhere.
  EXPECT_FALSE(folded_with(r.out, kComm2, "cs_offcpu_other_target").empty()) << r.desc;
  for (const std::string& l : lines_of(r.out))
    EXPECT_TRUE(l.rfind(std::string(kComm) + ";", 0) == 0 || l.rfind(std::string(kComm2) + ";", 0) == 0) << l;
  EXPECT_NE(r.err.find("Tracing off-CPU time (us) of PID " + w.p() + " by user + kernel stack... Hit Ctrl-C to end."),
            std::string::npos)
      << r.err;
}

TEST(offcputime, MultiLineShowsKernelThenUserFramesCommAndTid) {
  CS_REQUIRE_BPF();
  Workload w;
  OffcpuRun r = run_offcputime(w, {"-p", w.p()});
  EXPECT_EQ(r.out.rfind("Tracing off-CPU time (us) of PID " + w.p() + " by user + kernel stack... Hit Ctrl-C to end.\n", 0), 0u)
      << r.desc;
  // Some block (a stack) holds the kernel's nanosleep path, then the
  // function among its user frames, then the trailer and the time.
  std::string trailer = "    -                " + std::string(kComm) + " (" + w.p() + ")\n        ";
  bool seen = false;
  for (size_t at = 0, end; (end = r.out.find("\n\n", at)) != std::string::npos; at = end + 2) {
    std::string block = r.out.substr(at, end - at + 1);
    size_t kernel = block.find("    do_nanosleep\n"), target = block.find("    cs_offcpu_block_target\n");
    size_t t = block.find(trailer);
    if (kernel == std::string::npos || target == std::string::npos || t == std::string::npos) continue;
    seen = true;
    EXPECT_LT(kernel, target) << block;
    EXPECT_LT(target, t) << block;
    EXPECT_GE(std::atol(block.c_str() + t + trailer.size()), kMinOffcpuUs) << block;
  }
  EXPECT_TRUE(seen) << r.desc;
}

TEST(offcputime, DelimitedSeparatesKernelAndUserFrames) {
  CS_REQUIRE_BPF();
  Workload w;
  OffcpuRun r = run_offcputime(w, {"-d", "-f", "-p", w.p()});
  auto found = block_lines(r.out);
  ASSERT_FALSE(found.empty()) << r.desc;
  for (auto& [f, count] : found) {
    auto target = std::find(f.begin(), f.end(), "cs_offcpu_block_target");
    ASSERT_NE(target + 1, f.end());
    EXPECT_EQ(target[1], "-") << r.desc;
  }
}

TEST(offcputime, JsonCarriesPidTidTimeAndStacks) {
  CS_REQUIRE_BPF();
  Workload w;
  OffcpuRun r = run_offcputime(w, {"--json", "-p", w.p()});
  bool seen = false;
  for (const JsonValue& j : parse_json_lines(r.out)) {
    EXPECT_EQ(j["pid"].num, w.pid);
    ASSERT_EQ(j["ustack"].kind, JsonValue::Array);
    ASSERT_EQ(j["kstack"].kind, JsonValue::Array);
    if (j["comm"].str != kComm || j["ustack"].items.empty() || j["ustack"][0].str != "cs_offcpu_block_target")
      continue;
    EXPECT_EQ(j["tid"].num, w.pid);
    bool nanosleep = false;
    for (const JsonValue& f : j["kstack"].items) nanosleep = nanosleep || f.str == "do_nanosleep";
    if (!nanosleep) continue;  // preempted on the way back from the syscall
    seen = true;
    EXPECT_GE(j["usecs"].num, kMinOffcpuUs);
  }
  EXPECT_TRUE(seen) << r.desc;
}

// -p takes a list, as libbpf-tools' offcputime does: both listed processes
// are traced, the third is not.
TEST(offcputime, PidListTracesEachListedProcessOnly) {
  CS_REQUIRE_BPF();
  Workload a, b, other;
  OffcpuRun r = run_offcputime({&a, &b}, {"--json", "-p", a.p() + "," + b.p()});
  EXPECT_NE(r.err.find("of PIDs " + a.p() + "," + b.p() + " by"), std::string::npos) << r.err;
  std::set<double> pids;
  for (const JsonValue& j : parse_json_lines(r.out)) pids.insert(j["pid"].num);
  EXPECT_EQ(pids, (std::set<double>{static_cast<double>(a.pid), static_cast<double>(b.pid)}))
      << r.desc;
}

TEST(offcputime, UserAndKernelStacksOnly) {
  CS_REQUIRE_BPF();
  Workload w;
  OffcpuRun u = run_offcputime(w, {"-U", "-f", "-p", w.p()});
  auto found = block_lines(u.out);
  ASSERT_FALSE(found.empty()) << u.desc;
  for (auto& [f, count] : found) EXPECT_EQ(f.back(), "cs_offcpu_block_target") << u.desc;
  EXPECT_NE(u.err.find("by user stack"), std::string::npos) << u.err;

  OffcpuRun k = run_offcputime(w, {"-K", "-f", "-p", w.p()});
  EXPECT_EQ(k.out.find("cs_offcpu_"), std::string::npos) << k.desc;
  EXPECT_FALSE(folded_with(k.out, kComm, "do_nanosleep").empty()) << k.desc;
  EXPECT_NE(k.err.find("by kernel stack"), std::string::npos) << k.err;
}

TEST(offcputime, ThreadFilter) {
  CS_REQUIRE_BPF();
  Workload w;
  OffcpuRun r = run_offcputime(w, {"-f", "-t", w.p()});
  EXPECT_FALSE(block_lines(r.out).empty()) << r.desc;
  EXPECT_EQ(r.out.find("cs_offcpu_other_target"), std::string::npos) << r.desc;
  EXPECT_NE(r.err.find("of TID " + w.p() + " by"), std::string::npos) << r.err;
}

TEST(offcputime, UserAndKernelThreadFilters) {
  CS_REQUIRE_BPF();
  Workload w;
  OffcpuRun u = run_offcputime(w, {"--json", "-u"});
  bool seen = false;
  for (const JsonValue& j : parse_json_lines(u.out)) seen = seen || j["pid"].num == w.pid;
  EXPECT_TRUE(seen) << "-u hides the workload: " << u.desc;
  EXPECT_NE(u.err.find("of user threads by"), std::string::npos) << u.err;

  OffcpuRun k = run_offcputime(w, {"--json", "-k"});
  for (const JsonValue& j : parse_json_lines(k.out)) {
    EXPECT_NE(j["pid"].num, w.pid) << "-k shows a user thread: " << k.desc;
    EXPECT_TRUE(j["ustack"].items.empty()) << "kernel threads have no user stack: " << k.desc;
  }
  EXPECT_NE(k.err.find("of kernel threads by"), std::string::npos) << k.err;
}

TEST(offcputime, BlockTimeBounds) {
  CS_REQUIRE_BPF();
  Workload w;
  // Sleeps of 100 ms: inside [50 ms, 10 s], outside [10 s, -] and [-, 1 ms].
  OffcpuRun in = run_offcputime(w, {"-f", "-p", w.p(), "-m", "50000", "-M", "10000000"});
  EXPECT_FALSE(sleeps(in.out).empty()) << in.desc;
  OffcpuRun shorter = run_offcputime(w, {"-f", "-p", w.p(), "-m", "10000000"});
  EXPECT_TRUE(sleeps(shorter.out).empty()) << shorter.desc;
  // -M 1 ms: no 100 ms sleep is counted.  A short spell off the CPU inside
  // the sleep call (preempted on its way into schedule(), seen under qemu:
  // 196 us) is at most 1 ms each, far below one sleep.
  OffcpuRun longer = run_offcputime(w, {"-f", "-p", w.p(), "-M", "1000"});
  long short_us = 0;
  for (auto& [frames, us] : sleeps(longer.out)) short_us += us;
  EXPECT_LT(short_us, 50000) << longer.desc;
}

TEST(offcputime, StateFilter) {
  CS_REQUIRE_BPF();
  Workload w;
  // nanosleep sleeps TASK_INTERRUPTIBLE (1), never TASK_UNINTERRUPTIBLE (2).
  OffcpuRun s1 = run_offcputime(w, {"-f", "-p", w.p(), "--state", "1"});
  EXPECT_FALSE(sleeps(s1.out).empty()) << s1.desc;
  OffcpuRun s2 = run_offcputime(w, {"-f", "-p", w.p(), "--state", "2"});
  EXPECT_EQ(s2.out.find("cs_offcpu_block_target"), std::string::npos) << s2.desc;
}

TEST(offcputime, EveryAttachFlavour) {
  CS_REQUIRE_BPF();
  ensure_tracefs();
  Workload w;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    OffcpuRun r = run_offcputime(w, {"-f", "--attach", mode, "-p", w.p()});
    ASSERT_FALSE(sleeps(r.out).empty()) << mode << ": " << r.desc;
    for (auto& [f, count] : block_lines(r.out)) {
      if (f.back() != "[Missed Kernel Stack]") {
        EXPECT_TRUE(ends_with(f.back(), "schedule")) << mode << " innermost: " << f.back();
      }
    }
  }
}

TEST(offcputime, TinyStackStorageReportsMissedStacks) {
  CS_REQUIRE_BPF();
  Workload w;
  // One slot: a sleep's kernel and user stacks cannot both be stored.
  OffcpuRun r = run_offcputime(w, {"-f", "--stack-storage-size", "1", "-p", w.p()});
  EXPECT_NE(r.out.find("[Missed "), std::string::npos) << r.desc;
  // A tiny map loses stacks to taken slots: the warning says so and names the size.
  EXPECT_NE(r.err.find("another stack held their slot in the stack map (" ), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("a larger --stack-storage-size makes that rarer"), std::string::npos) << r.err;
}

TEST(offcputime, DurationEndsWithExit0) {
  CS_REQUIRE_BPF();
  ToolProcess t("offcputime", {"-f", "-K", "1"});
  Exit e = t.wait(std::chrono::seconds(60));
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.err().find("by kernel stack for 1 secs."), std::string::npos) << t.describe();
  for (const std::string& l : lines_of(t.out())) {
    std::vector<std::string> f;
    long count;
    EXPECT_TRUE(split_folded(l, f, count)) << l;
  }
}

TEST(offcputime, UsageErrorsExit2) {
  expect_usage_errors("offcputime",
                      {{"-p", "12abc"}, {"-t", "x"}, {"-p", "1", "-t", "1"}, {"-U", "-K"},
                       {"-u", "-k"}, {"-k", "-U"}, {"-m", "5", "-M", "4"}, {"--state", "x"},
                       {"--perf-max-stack-depth", "60000"}, {"--stack-storage-size", "0"}, {"0"},
                       {"1", "2"}, {"nan"}, {"-m", "18446744073709551616"}, {"-m", ""}});
}

TEST(offcputime, HelpListsTheStateFilter) {
  RunResult h = run_tool("offcputime", {"--help"});
  EXPECT_NE(h.out.find("--state"), std::string::npos);
}

TEST(offcputime, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("offcputime", {"1"});
}

}  // namespace
