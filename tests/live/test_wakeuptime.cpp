// Live tests for wakeuptime: a workload's main thread ("cs-wsleeper") blocks
// reading a pipe; its second thread ("cs-wwaker") sleeps 50 ms, then writes
// the pipe from cs_wakeup_waker_target().  The tool must charge the
// sleeper's blocked time to a waker stack holding that function over the
// kernel's pipe-write wakeup path.
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
#include <sstream>
#include <thread>

#include "harness.h"
#include "stack_checks.h"
#include "workloads.h"

using namespace cstest;

// write(2) by a syscall instruction in this very function: the innermost
// user frame of the waker is this function.
CS_STACK_TARGET long cs_wakeup_waker_target(int fd, const char* buf) {
  return CS_INLINE_SYSCALL3(SYS_write, static_cast<long>(fd), buf, 1L);
}

CS_STACK_TARGET long cs_wakeup_block_target(int fd, char* buf) {
  return CS_INLINE_SYSCALL3(SYS_read, static_cast<long>(fd), buf, 1L);
}

namespace {

constexpr char kSleeper[] = "cs-wsleeper";
constexpr char kWaker[] = "cs-wwaker";

// Ping every 50 ms until killed (at most two minutes).
CS_WORKLOAD(wakeuptime_pingpong) {
  return pipe_pingpong(kSleeper, kWaker, cs_wakeup_block_target, cs_wakeup_waker_target);
}

struct Workload : ScopedWorkload {
  Workload() : ScopedWorkload("wakeuptime_pingpong") {}
};

using WakeRun = StackRun;
// The sleeper blocks twice while traced: one whole block, and its wakeup,
// happened then.
WakeRun run_wakeuptime(const Workload& w, const std::vector<std::string>& args) {
  return run_around_sleeps("wakeuptime", {w.pid}, args);
}

// Folded lines "waker;...;target count" of the sleeper woken by the waker.
std::vector<std::vector<std::string>> pings(const std::string& out) {
  std::vector<std::vector<std::string>> r;
  for (const std::string& l : lines_of(out)) {
    std::vector<std::string> f;
    long count;
    EXPECT_TRUE(split_folded(l, f, count) && f.size() >= 2) << "bad folded line: " << l;
    if (f.size() >= 2 && f.front() == kWaker && f.back() == kSleeper) {
      EXPECT_GT(count, 0) << l;
      r.push_back(f);
    }
  }
  return r;
}

TEST(wakeuptime, FoldedShowsTheWakerFunctionOverTheKernelWakeup) {
  CS_REQUIRE_BPF();
  Workload w;
  WakeRun r = run_wakeuptime(w, {"--all-stacks", "-f", "-p", w.p()});
  auto found = pings(r.out);
  ASSERT_FALSE(found.empty()) << r.desc;
  for (auto& f : found) {
    // waker; user frames callers first, ending at the function; its kernel
    // frames callers first, ending at the wakeup itself; the sleeper.
    auto target = std::find(f.begin(), f.end(), "cs_wakeup_waker_target");
    ASSERT_NE(target, f.end()) << r.desc;
    EXPECT_NE(std::find(target, f.end(), "do_syscall_64"), f.end()) << r.desc;
    EXPECT_EQ(f[f.size() - 2], "try_to_wake_up") << r.desc;
  }
  EXPECT_NE(r.err.find("Tracing blocked time (us) by user + kernel stack... Hit Ctrl-C to end."),
            std::string::npos)
      << r.err;
}

TEST(wakeuptime, MultiLineMatchesLibbpfToolsLayout) {
  CS_REQUIRE_BPF();
  Workload w;
  WakeRun r = run_wakeuptime(w, {"--all-stacks", "-p", w.p()});
  EXPECT_EQ(r.out.rfind("Tracing blocked time (us) by user + kernel stack... Hit Ctrl-C to end.\n", 0), 0u)
      << r.desc;
  std::string head = "\ttarget:          " + std::string(kSleeper) + "\n";
  std::string tail = "\t          waker: " + std::string(kWaker) + "\n\t";
  bool seen = false;
  for (size_t at = r.out.find(head); at != std::string::npos; at = r.out.find(head, at + 1)) {
    size_t end = r.out.find("\n\n", at);
    ASSERT_NE(end, std::string::npos) << r.desc;
    std::string block = r.out.substr(at, end - at + 2);
    if (block.find(tail) == std::string::npos) continue;
    seen = true;
    // "\t<address> <symbol>" per frame: the kernel's wakeup first, the
    // waker's function among the user frames after it.
    std::istringstream in(block);
    std::string line;
    std::getline(in, line);
    std::getline(in, line);
    ASSERT_GT(line.size(), 18u) << block;
    EXPECT_EQ(line[0], '\t');
    EXPECT_EQ(line.substr(18), "try_to_wake_up") << block;
    EXPECT_NE(block.find(" cs_wakeup_waker_target\n", block.find("do_syscall_64")), std::string::npos) << block;
    EXPECT_GT(std::atol(block.c_str() + block.find(tail) + tail.size()), 0) << block;
  }
  EXPECT_TRUE(seen) << r.desc;
}

TEST(wakeuptime, JsonCarriesTargetWakerTimeAndStacks) {
  CS_REQUIRE_BPF();
  Workload w;
  WakeRun r = run_wakeuptime(w, {"--all-stacks", "--json", "-p", w.p()});
  bool ping = false, timer = false;
  for (const JsonValue& j : parse_json_lines(r.out)) {
    ASSERT_EQ(j["waker_ustack"].kind, JsonValue::Array);
    ASSERT_EQ(j["waker_kstack"].kind, JsonValue::Array);
    EXPECT_TRUE(j["target"].str == kSleeper || j["target"].str == kWaker) << j["target"].str;
    if (j["target"].str == kSleeper && j["waker"].str == kWaker) {
      ping = true;
      EXPECT_EQ(j["waker_pid"].num, w.pid);
      EXPECT_GT(j["usecs"].num, 0);
      ASSERT_FALSE(j["waker_ustack"].items.empty()) << r.desc;
      EXPECT_EQ(j["waker_ustack"][0].str, "cs_wakeup_waker_target");
      ASSERT_FALSE(j["waker_kstack"].items.empty()) << r.desc;
      EXPECT_EQ(j["waker_kstack"][0].str, "try_to_wake_up");
    }
    // The waker's own nanosleep ends in a timer interrupt, on top of
    // whichever task ran: that task's user stack is not shown.
    bool hrtimer = false;
    for (const JsonValue& f : j["waker_kstack"].items) hrtimer = hrtimer || f.str == "hrtimer_wakeup";
    if (j["target"].str == kWaker && hrtimer) {
      timer = true;
      EXPECT_TRUE(j["waker_ustack"].items.empty()) << "user stack of an interrupted task: " << r.desc;
      EXPECT_EQ(j["waker_pid"].num, 0);
    }
  }
  EXPECT_TRUE(ping) << r.desc;
  EXPECT_TRUE(timer) << r.desc;
}

// The waker's kernel stack only, by default as in both peers (and with -K).
TEST(wakeuptime, KernelStacksByDefaultAndUserStacksOnly) {
  CS_REQUIRE_BPF();
  Workload w;
  WakeRun k = run_wakeuptime(w, {"-f", "-p", w.p()});
  EXPECT_EQ(k.out.find("cs_wakeup_"), std::string::npos) << k.desc;
  auto kf = pings(k.out);
  ASSERT_FALSE(kf.empty()) << k.desc;
  for (auto& f : kf) EXPECT_TRUE(has(f, "try_to_wake_up")) << k.desc;
  EXPECT_NE(k.err.find("by kernel stack..."), std::string::npos) << k.err;

  WakeRun u = run_wakeuptime(w, {"-U", "-f", "-p", w.p()});
  auto uf = pings(u.out);
  ASSERT_FALSE(uf.empty()) << u.desc;
  for (auto& f : uf) {
    EXPECT_EQ(f[f.size() - 2], "cs_wakeup_waker_target") << u.desc;
    EXPECT_FALSE(has(f, "try_to_wake_up")) << u.desc;
  }
}

TEST(wakeuptime, DelimitedSeparatesUserAndKernelFrames) {
  CS_REQUIRE_BPF();
  Workload w;
  WakeRun r = run_wakeuptime(w, {"--all-stacks", "-d", "-f", "-p", w.p()});
  auto found = pings(r.out);
  ASSERT_FALSE(found.empty()) << r.desc;
  for (auto& f : found) {
    auto target = std::find(f.begin(), f.end(), "cs_wakeup_waker_target");
    ASSERT_NE(target, f.end());
    ASSERT_NE(target + 1, f.end());
    EXPECT_EQ(target[1], "-") << r.desc;
  }
}

TEST(wakeuptime, ThreadFilterKeepsOnlyThatSleeper) {
  CS_REQUIRE_BPF();
  Workload w;
  WakeRun r = run_wakeuptime(w, {"-f", "-t", w.p()});
  EXPECT_FALSE(pings(r.out).empty()) << r.desc;
  for (const std::string& l : lines_of(r.out))
    EXPECT_NE(l.find(";" + std::string(kSleeper) + " "), std::string::npos) << "another target: " << l;
}

TEST(wakeuptime, MinBlockTimeFilters) {
  CS_REQUIRE_BPF();
  Workload w;
  WakeRun r = run_wakeuptime(w, {"-f", "-p", w.p(), "-m", "10000000"});
  EXPECT_TRUE(pings(r.out).empty()) << r.desc;
}

TEST(wakeuptime, EveryAttachFlavour) {
  CS_REQUIRE_BPF();
  ensure_tracefs();
  Workload w;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    WakeRun r = run_wakeuptime(w, {"--all-stacks", "-f", "--attach", mode, "-p", w.p()});
    auto found = pings(r.out);
    ASSERT_FALSE(found.empty()) << mode << ": " << r.desc;
    for (auto& f : found) {
      EXPECT_TRUE(has(f, "cs_wakeup_waker_target")) << mode << ": " << r.desc;
      EXPECT_EQ(f[f.size() - 2], "try_to_wake_up") << mode << ": " << r.desc;
    }
  }
}

TEST(wakeuptime, DurationEndsWithExit0) {
  CS_REQUIRE_BPF();
  ToolProcess t("wakeuptime", {"-f", "1"});
  Exit e = t.wait(std::chrono::seconds(60));
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.err().find("for 1 secs."), std::string::npos) << t.describe();
}

TEST(wakeuptime, UsageErrorsExit2) {
  expect_usage_errors("wakeuptime",
                      {{"-p", "12abc"}, {"-p", "1", "-t", "1"}, {"-U", "-K"}, {"-m", "5", "-M", "4"},
                       {"-M", "x"}, {"--perf-max-stack-depth", "0"}, {"--stack-storage-size", "0"}, {"0"},
                       {"1", "2"}});
}

TEST(wakeuptime, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("wakeuptime", {"1"});
}

}  // namespace
