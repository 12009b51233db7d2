// Live tests for offwaketime: a workload's main thread ("cs-osleeper")
// blocks reading a pipe in cs_offwake_block_target(); its second thread
// ("cs-owaker") sleeps 50 ms, then writes the pipe from
// cs_offwake_waker_target().  The tool must pair the sleeper's off-CPU stack
// with that waker stack, in bcc's layouts.
#include <dirent.h>
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

// read(2) / write(2) by a syscall instruction in these very functions: they
// are the innermost user frames of the sleeper and of the waker.
CS_STACK_TARGET long cs_offwake_block_target(int fd, char* buf) {
  return CS_INLINE_SYSCALL3(SYS_read, static_cast<long>(fd), buf, 1L);
}

CS_STACK_TARGET long cs_offwake_waker_target(int fd, const char* buf) {
  return CS_INLINE_SYSCALL3(SYS_write, static_cast<long>(fd), buf, 1L);
}

namespace {

constexpr char kSleeper[] = "cs-osleeper";
constexpr char kWaker[] = "cs-owaker";

CS_WORKLOAD(offwaketime_pingpong) {
  return pipe_pingpong(kSleeper, kWaker, cs_offwake_block_target, cs_offwake_waker_target);
}

// The thread of pid named comm (0 if none).
pid_t thread_named(pid_t pid, const std::string& comm) {
  std::string dir = "/proc/" + std::to_string(pid) + "/task";
  DIR* d = opendir(dir.c_str());
  if (!d) return 0;
  pid_t found = 0;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    if (read_small_file(dir + "/" + e->d_name + "/comm") == comm + "\n") found = std::atoi(e->d_name);
  }
  closedir(d);
  return found;
}

struct Workload : ScopedWorkload {
  pid_t waker_tid = 0;
  Workload() : ScopedWorkload("offwaketime_pingpong") {
    for (int i = 0; i < 2000 && !waker_tid; i++) {
      waker_tid = thread_named(pid, kWaker);
      if (!waker_tid) usleep(10000);
    }
  }
};

using OffwakeRun = StackRun;
// The sleeper blocks twice while traced: one whole block, its wakeup and its
// return to the CPU happened then.
OffwakeRun run_offwaketime(const Workload& w, const std::vector<std::string>& args) {
  return run_around_sleeps("offwaketime", {w.pid}, args);
}

// Folded lines "sleeper;...;--;...;waker count" of the ping-pong.
std::vector<std::vector<std::string>> pings(const std::string& out) {
  std::vector<std::vector<std::string>> r;
  for (const std::string& l : lines_of(out)) {
    std::vector<std::string> f;
    long count;
    EXPECT_TRUE(split_folded(l, f, count) && f.size() >= 3) << "bad folded line: " << l;
    EXPECT_NE(std::find(f.begin(), f.end(), "--"), f.end()) << "no waker separator: " << l;
    if (f.front() == kSleeper && f.back() == kWaker) {
      EXPECT_GT(count, 0) << l;
      r.push_back(f);
    }
  }
  return r;
}

TEST(offwaketime, FoldedPairsTheSleeperWithItsWaker) {
  CS_REQUIRE_BPF();
  Workload w;
  OffwakeRun r = run_offwaketime(w, {"-f", "-p", w.p()});
  auto found = pings(r.out);
  ASSERT_FALSE(found.empty()) << r.desc;
  for (auto& f : found) {
    // sleeper; its user frames, then kernel frames, callers first, down to
    // schedule; "--"; the waker's kernel frames innermost first, from the
    // wakeup up to the syscall, then its user frames from the function up.
    auto sep = std::find(f.begin(), f.end(), "--");
    ASSERT_NE(sep, f.end());
    auto block = std::find(f.begin(), sep, "cs_offwake_block_target");
    ASSERT_NE(block, sep) << r.desc;
    EXPECT_NE(std::find(block, sep, "do_syscall_64"), sep) << r.desc;
    EXPECT_TRUE(ends_with(sep[-1], "schedule")) << r.desc;
    EXPECT_EQ(sep[1], "try_to_wake_up") << r.desc;
    auto wake = std::find(sep, f.end(), "cs_offwake_waker_target");
    ASSERT_NE(wake, f.end()) << r.desc;
    EXPECT_NE(std::find(sep, wake, "do_syscall_64"), wake) << r.desc;
  }
  EXPECT_NE(r.err.find("Tracing blocked time (us) by user + kernel off-CPU and waker stack... Hit Ctrl-C to end."),
            std::string::npos)
      << r.err;
}

TEST(offwaketime, MultiLineMatchesBccLayout) {
  CS_REQUIRE_BPF();
  Workload w;
  ASSERT_NE(w.waker_tid, 0);
  OffwakeRun r = run_offwaketime(w, {"-p", w.p()});
  EXPECT_EQ(r.out.rfind("Tracing blocked time (us) by user + kernel off-CPU and waker stack... Hit Ctrl-C to end.\n", 0), 0u)
      << r.desc;
  std::string head = "    waker:           " + std::string(kWaker) + " " + std::to_string(w.waker_tid) + "\n";
  std::string tail = "    target:          " + std::string(kSleeper) + " " + w.p() + "\n        ";
  bool seen = false;
  for (size_t at = r.out.find(head); at != std::string::npos; at = r.out.find(head, at + 1)) {
    size_t end = r.out.find("\n\n", at);
    ASSERT_NE(end, std::string::npos) << r.desc;
    std::string block = r.out.substr(at, end - at + 2);
    size_t t = block.find(tail);
    if (t == std::string::npos) continue;
    seen = true;
    // The waker callers first down to the wakeup, "--", the sleeper from
    // schedule out to its function.
    size_t waker_fn = block.find("\n    cs_offwake_waker_target\n");
    size_t sep = block.find("\n    try_to_wake_up\n    --               --\n");
    size_t sleeper_fn = block.find("\n    cs_offwake_block_target\n");
    EXPECT_NE(waker_fn, std::string::npos) << block;
    EXPECT_NE(sep, std::string::npos) << block;
    EXPECT_NE(sleeper_fn, std::string::npos) << block;
    EXPECT_LT(waker_fn, sep) << block;
    EXPECT_LT(sep, sleeper_fn) << block;
    EXPECT_GT(std::atol(block.c_str() + t + tail.size()), 0) << block;
  }
  EXPECT_TRUE(seen) << r.desc;
}

TEST(offwaketime, JsonCarriesBothThreadsAndFourStacks) {
  CS_REQUIRE_BPF();
  Workload w;
  OffwakeRun r = run_offwaketime(w, {"--json", "-p", w.p()});
  bool seen = false;
  for (const JsonValue& j : parse_json_lines(r.out)) {
    EXPECT_EQ(j["pid"].num, w.pid);
    for (const char* k : {"ustack", "kstack", "waker_ustack", "waker_kstack"})
      ASSERT_EQ(j[k].kind, JsonValue::Array) << k;
    if (j["target"].str != kSleeper || j["waker"].str != kWaker) continue;
    seen = true;
    EXPECT_EQ(j["tid"].num, w.pid);
    EXPECT_EQ(j["waker_pid"].num, w.pid);
    EXPECT_EQ(j["waker_tid"].num, w.waker_tid);
    EXPECT_GT(j["usecs"].num, 0);
    ASSERT_FALSE(j["ustack"].items.empty());
    EXPECT_EQ(j["ustack"][0].str, "cs_offwake_block_target");
    ASSERT_FALSE(j["waker_ustack"].items.empty());
    EXPECT_EQ(j["waker_ustack"][0].str, "cs_offwake_waker_target");
    ASSERT_FALSE(j["waker_kstack"].items.empty());
    EXPECT_EQ(j["waker_kstack"][0].str, "try_to_wake_up");
    ASSERT_FALSE(j["kstack"].items.empty());
    EXPECT_TRUE(ends_with(j["kstack"][0].str, "schedule")) << j["kstack"][0].str;
  }
  EXPECT_TRUE(seen) << r.desc;
}

TEST(offwaketime, KernelAndUserStacksOnly) {
  CS_REQUIRE_BPF();
  Workload w;
  OffwakeRun k = run_offwaketime(w, {"-K", "-f", "-p", w.p()});
  EXPECT_EQ(k.out.find("cs_offwake_"), std::string::npos) << k.desc;
  auto kf = pings(k.out);
  ASSERT_FALSE(kf.empty()) << k.desc;
  for (auto& f : kf) EXPECT_TRUE(has(f, "try_to_wake_up")) << k.desc;

  OffwakeRun u = run_offwaketime(w, {"-U", "-f", "-p", w.p()});
  auto uf = pings(u.out);
  ASSERT_FALSE(uf.empty()) << u.desc;
  for (auto& f : uf) {
    // Only the two functions meet at "--": no kernel frames between.
    auto sep = std::find(f.begin(), f.end(), "--");
    ASSERT_NE(sep, f.end());
    ASSERT_NE(sep + 1, f.end());
    EXPECT_EQ(sep[-1], "cs_offwake_block_target") << u.desc;
    EXPECT_EQ(sep[1], "cs_offwake_waker_target") << u.desc;
  }
  EXPECT_NE(u.err.find("by user off-CPU and waker stack"), std::string::npos) << u.err;
}

TEST(offwaketime, DelimitedSeparatesKernelAndUserFrames) {
  CS_REQUIRE_BPF();
  Workload w;
  OffwakeRun r = run_offwaketime(w, {"-d", "-f", "-p", w.p()});
  auto found = pings(r.out);
  ASSERT_FALSE(found.empty()) << r.desc;
  for (auto& f : found) {
    auto block = std::find(f.begin(), f.end(), "cs_offwake_block_target");
    auto wake = std::find(f.begin(), f.end(), "cs_offwake_waker_target");
    ASSERT_TRUE(block != f.end() && wake != f.end()) << r.desc;
    EXPECT_EQ(block[1], "-") << r.desc;
    EXPECT_EQ(wake[-1], "-") << r.desc;
  }
}

TEST(offwaketime, ThreadAndStateFilters) {
  CS_REQUIRE_BPF();
  Workload w;
  OffwakeRun t = run_offwaketime(w, {"-f", "-t", w.p()});
  EXPECT_FALSE(pings(t.out).empty()) << t.desc;
  for (const std::string& l : lines_of(t.out)) EXPECT_EQ(l.rfind(std::string(kSleeper) + ";", 0), 0u) << l;
  // A pipe read sleeps TASK_INTERRUPTIBLE (1), not TASK_UNINTERRUPTIBLE (2).
  OffwakeRun s1 = run_offwaketime(w, {"-f", "-p", w.p(), "--state", "1"});
  EXPECT_FALSE(pings(s1.out).empty()) << s1.desc;
  OffwakeRun s2 = run_offwaketime(w, {"-f", "-p", w.p(), "--state", "2"});
  EXPECT_TRUE(pings(s2.out).empty()) << s2.desc;
}

TEST(offwaketime, EveryAttachFlavour) {
  CS_REQUIRE_BPF();
  ensure_tracefs();
  Workload w;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    OffwakeRun r = run_offwaketime(w, {"-f", "--attach", mode, "-p", w.p()});
    auto found = pings(r.out);
    ASSERT_FALSE(found.empty()) << mode << ": " << r.desc;
    for (auto& f : found) {
      EXPECT_TRUE(has(f, "cs_offwake_block_target")) << mode << ": " << r.desc;
      EXPECT_TRUE(has(f, "cs_offwake_waker_target")) << mode << ": " << r.desc;
    }
  }
}

TEST(offwaketime, DurationEndsWithExit0) {
  CS_REQUIRE_BPF();
  ToolProcess t("offwaketime", {"-f", "-K", "1"});
  Exit e = t.wait(std::chrono::seconds(60));
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.err().find("by kernel off-CPU and waker stack for 1 secs."), std::string::npos) << t.describe();
}

TEST(offwaketime, UsageErrorsExit2) {
  expect_usage_errors("offwaketime",
                      {{"-p", "12abc"}, {"-p", "1", "-t", "1"}, {"-U", "-K"}, {"-u", "-k"}, {"-k", "-U"},
                       {"-m", "5", "-M", "4"}, {"--state", "-3"}, {"--stack-storage-size", "0"}, {"0"},
                       {"1", "2"}});
}

TEST(offwaketime, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("offwaketime", {"1"});
}

}  // namespace
