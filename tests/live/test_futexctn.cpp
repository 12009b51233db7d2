// Live tests for futexctn: two threads of a workload ("cs-futex1",
// "cs-futex2") take turns holding a lock for 2 ms.  The lock is a plain
// futex word at a fixed address (kLockAddr, mapped there by the workload),
// and the FUTEX_WAIT is issued straight from cs_futexctn_lock_target(), so
// the tool must report that address, that function as the innermost user
// frame, and the waits.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <thread>

#include "harness.h"
#include "workloads.h"

using namespace cstest;

#if defined(__clang__)
#define CS_FUTEX_TARGET extern "C" __attribute__((noinline, used))
#else
#define CS_FUTEX_TARGET \
  extern "C" __attribute__((noinline, noclone, used, optimize("no-omit-frame-pointer")))
#endif

// A mutex on one futex word (0 free, 1 locked, 2 locked with waiters) whose
// FUTEX_WAIT is a syscall instruction in this very function.
CS_FUTEX_TARGET void cs_futexctn_lock_target(std::atomic<int>* word) {
  int c = 0;
  if (word->compare_exchange_strong(c, 1)) return;
  if (c != 2) c = word->exchange(2);
  while (c != 0) {
    long ret;
    asm volatile("syscall"
                 : "=a"(ret)
                 : "a"(static_cast<long>(SYS_futex)), "D"(word), "S"(static_cast<long>(FUTEX_WAIT)),
                   "d"(2L)
                 : "rcx", "r11", "memory");
    c = word->exchange(2);
  }
}

static void cs_futexctn_unlock(std::atomic<int>* word) {
  if (word->exchange(0) == 2) syscall(SYS_futex, word, FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

namespace {

constexpr uint64_t kLockAddr = 0x7e5710000000ull;
constexpr char kLockHex[] = "0x7e5710000000";

void contend(std::atomic<int>* word, const char* comm) {
  prctl(PR_SET_NAME, comm);
  const struct timespec hold = {0, 2 * 1000 * 1000};
  for (int i = 0; i < 30000; i++) {
    cs_futexctn_lock_target(word);
    nanosleep(&hold, nullptr);
    cs_futexctn_unlock(word);
  }
}

CS_WORKLOAD(futexctn_contend) {
  void* m = mmap(reinterpret_cast<void*>(kLockAddr), 4096, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (m != reinterpret_cast<void*>(kLockAddr)) return 1;
  auto* word = new (m) std::atomic<int>(0);
  std::thread other(contend, word, "cs-futex2");
  contend(word, "cs-futex1");
  other.join();
  return 0;
}

struct Workload {
  pid_t pid;
  Workload() : pid(spawn_workload("futexctn_contend", {})) {}
  ~Workload() {
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
  std::string p() const { return std::to_string(pid); }
};

struct FutexRun {
  std::string out, err, desc;
};
// Runs futexctn with a 0.3 s interval until its output holds `needle` (it
// prints the waits of each interval), then stops it with SIGINT.
FutexRun run_until(const std::vector<std::string>& args, const std::string& needle) {
  std::vector<std::string> a = args;
  a.push_back("0.3");
  ToolProcess t("futexctn", a);
  EXPECT_TRUE(t.wait_for_out(needle, std::chrono::seconds(30))) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  return {t.out(), t.err(), t.describe()};
}

TEST(futexctn, FoldedShowsTheLockSiteWithTheWaitTime) {
  CS_REQUIRE_BPF();
  Workload w;
  FutexRun r = run_until({"-f", "-p", w.p()}, ";cs_futexctn_lock_target ");
  bool seen = false;
  for (const std::string& l : lines_of(r.out)) {
    size_t sp = l.rfind(' ');
    ASSERT_NE(sp, std::string::npos) << l;
    std::string stack = l.substr(0, sp);
    EXPECT_TRUE(stack.rfind("cs-futex1;", 0) == 0 || stack.rfind("cs-futex2;", 0) == 0) << l;
    // callers first: the lock function is the innermost frame
    if (stack.size() > 24 && stack.compare(stack.size() - 24, 24, ";cs_futexctn_lock_target") == 0) {
      seen = true;
      EXPECT_GT(std::atol(l.c_str() + sp + 1), 0) << l;
    }
  }
  EXPECT_TRUE(seen) << r.desc;
  EXPECT_NE(r.err.find("Hit Ctrl-C to end."), std::string::npos) << r.err;
}

TEST(futexctn, TextShowsLockHeaderStackAndHistogram) {
  CS_REQUIRE_BPF();
  Workload w;
  FutexRun r = run_until({"-p", w.p()}, "    cs_futexctn_lock_target\n");
  EXPECT_EQ(r.out.rfind("Summarizing futex contention latency... Hit Ctrl-C to end.\n", 0), 0u) << r.desc;
  // "\n\ncs-futex1[tid] lock 0x... contended N times, A avg usecs [max: X usecs, min Y usecs]"
  size_t at = r.out.find(std::string(" lock ") + kLockHex + " contended ");
  ASSERT_NE(at, std::string::npos) << r.desc;
  size_t line = r.out.rfind('\n', at) + 1;
  EXPECT_EQ(r.out.compare(line - 2, 2, "\n\n"), 0) << r.desc;
  EXPECT_TRUE(r.out.compare(line, 10, "cs-futex1[") == 0 || r.out.compare(line, 10, "cs-futex2[") == 0) << r.desc;
  unsigned long long n, avg, max, min;
  int tid;
  ASSERT_EQ(std::sscanf(r.out.c_str() + line + 9, "[%d] lock 0x7e5710000000 contended %llu times, %llu avg usecs [max: %llu usecs, min %llu usecs]",
                        &tid, &n, &avg, &max, &min),
            5)
      << r.out.substr(line, 200);
  EXPECT_GT(tid, w.pid - 1);
  EXPECT_GE(n, 1u);
  EXPECT_LE(min, avg);
  EXPECT_LE(avg, max);
  // then the stack between "-" lines, then the histogram
  size_t stack = r.out.find("\n    -\n", at);
  ASSERT_NE(stack, std::string::npos);
  EXPECT_EQ(r.out.compare(stack + 7, 28, "    cs_futexctn_lock_target\n"), 0) << r.out.substr(stack, 300);
  size_t hist = r.out.find("     usecs               : count    distribution\n", stack);
  EXPECT_NE(hist, std::string::npos) << r.desc;
}

TEST(futexctn, JsonCarriesLockCountsStackAndHistogram) {
  CS_REQUIRE_BPF();
  Workload w;
  FutexRun r = run_until({"--json", "-p", w.p()}, "\"cs_futexctn_lock_target\"");
  bool seen = false;
  for (const JsonValue& j : parse_json_lines(r.out)) {
    EXPECT_EQ(j["time"].kind, JsonValue::String);
    EXPECT_EQ(j["unit"].str, "usecs");
    ASSERT_EQ(j["locks"].kind, JsonValue::Array);
    for (const JsonValue& l : j["locks"].items) {
      EXPECT_EQ(l["pid"].num, w.pid);
      if (l["lock"].str != kLockHex) continue;
      ASSERT_EQ(l["ustack"].kind, JsonValue::Array);
      if (l["ustack"].items.empty() || l["ustack"][0].str != "cs_futexctn_lock_target") continue;
      seen = true;
      EXPECT_TRUE(l["comm"].str == "cs-futex1" || l["comm"].str == "cs-futex2") << l["comm"].str;
      EXPECT_GE(l["contended"].num, 1);
      EXPECT_LE(l["min"].num, l["avg"].num);
      EXPECT_LE(l["avg"].num, l["max"].num);
      double sum = 0;
      for (const JsonValue& b : l["buckets"].items) sum += b["count"].num;
      EXPECT_EQ(sum, l["contended"].num);
    }
  }
  EXPECT_TRUE(seen) << r.desc;
}

TEST(futexctn, SummaryMillisecondsTimestampAndLockFilter) {
  CS_REQUIRE_BPF();
  Workload w;
  FutexRun r = run_until({"-s", "-m", "-T", "-l", kLockHex, "-p", w.p()}, " contended ");
  std::string needle = "[" + w.p() + "] lock " + kLockHex + " contended ";
  EXPECT_NE(r.out.find(needle), std::string::npos) << r.desc;
  EXPECT_NE(r.out.find(" avg msecs [max: "), std::string::npos) << r.desc;
  EXPECT_NE(r.out.find("     msecs               : count    distribution\n"), std::string::npos) << r.desc;
  EXPECT_EQ(r.out.find("cs_futexctn_lock_target"), std::string::npos) << "-s prints no stacks: " << r.desc;
  EXPECT_EQ(r.out.find("\n    -\n"), std::string::npos) << r.desc;
  // -T: each interval starts with HH:MM:SS
  bool stamp = false;
  for (const std::string& l : lines_of(r.out))
    stamp = stamp || (l.size() == 8 && l[2] == ':' && l[5] == ':');
  EXPECT_TRUE(stamp) << r.desc;
  for (const std::string& l : lines_of(r.out))
    if (l.find(" lock 0x") != std::string::npos) {
      EXPECT_NE(l.find(kLockHex), std::string::npos) << l;
    }
}

TEST(futexctn, OtherLockFilteredOut) {
  CS_REQUIRE_BPF();
  Workload w;
  // Positive control first (the workload contends), then the same run for
  // another address must stay empty.
  run_until({"-s", "-p", w.p()}, kLockHex);
  ToolProcess t("futexctn", {"-s", "-l", "0x7e5720000000", "-p", w.p(), "0.3", "4"});
  Exit e = t.wait(std::chrono::seconds(30));
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out().find(" contended "), std::string::npos) << t.describe();
}

TEST(futexctn, ThreadFilter) {
  CS_REQUIRE_BPF();
  Workload w;
  FutexRun r = run_until({"-f", "-t", w.p()}, ";cs_futexctn_lock_target ");
  for (const std::string& l : lines_of(r.out)) EXPECT_EQ(l.rfind("cs-futex1;", 0), 0u) << l;
}

TEST(futexctn, EveryAttachFlavour) {
  CS_REQUIRE_BPF();
  ensure_tracefs();
  Workload w;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    if (mode == "tracepoint") {
      RunResult probe = run_tool("futexctn", {"--attach", "tracepoint", "0.1", "1"});
      if (probe.exit.code != 0) {
        // Kernels without CONFIG_FTRACE_SYSCALLS have no syscalls:* events.
        EXPECT_NE(probe.err.find("sys_enter_futex"), std::string::npos) << probe.err;
        continue;
      }
    }
    FutexRun r = run_until({"-f", "--attach", mode, "-p", w.p()}, ";cs_futexctn_lock_target ");
    EXPECT_NE(r.out.find(";cs_futexctn_lock_target "), std::string::npos) << mode << ": " << r.desc;
  }
}

TEST(futexctn, CountEndsWithExit0) {
  CS_REQUIRE_BPF();
  ToolProcess t("futexctn", {"--json", "0.2", "2"});
  Exit e = t.wait(std::chrono::seconds(30));
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(parse_json_lines(t.out()).size(), 2u) << t.describe();
}

TEST(futexctn, UsageErrorsExit2) {
  expect_usage_errors("futexctn", {{"-l", ""}, {"nan"}, {"1", "18446744073709551616"},
                                   {"-p", "12abc"}, {"-p", "1", "-t", "1"}, {"-l", "xyz"}, {"-l", "0"},
                                   {"-l", "-5"}, {"-s", "-f"}, {"--perf-max-stack-depth", "60000"},
                                   {"--stack-storage-size", "0"}, {"0"}, {"1", "0"}});
}

TEST(futexctn, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool_unprivileged("futexctn", {"1"});
  EXPECT_EQ(r.exit.code, 1) << r.err;
  EXPECT_NE(r.err.find("CAP_BPF"), std::string::npos) << r.err;
}

}  // namespace
