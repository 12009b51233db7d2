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
#include "workloads.h"

using namespace cstest;

#if defined(__clang__)
#define CS_WAKEUP_TARGET extern "C" __attribute__((noinline, used))
#else
#define CS_WAKEUP_TARGET \
  extern "C" __attribute__((noinline, noclone, used, optimize("no-omit-frame-pointer")))
#endif

// write(2) by a syscall instruction in this very function: the innermost
// user frame of the waker is this function.
CS_WAKEUP_TARGET long cs_wakeup_waker_target(int fd, const char* buf) {
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(static_cast<long>(SYS_write)), "D"(static_cast<long>(fd)), "S"(buf), "d"(1L)
               : "rcx", "r11", "memory");
  return ret;
}

CS_WAKEUP_TARGET long cs_wakeup_block_target(int fd, char* buf) {
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(static_cast<long>(SYS_read)), "D"(static_cast<long>(fd)), "S"(buf), "d"(1L)
               : "rcx", "r11", "memory");
  return ret;
}

namespace {

constexpr char kSleeper[] = "cs-wsleeper";
constexpr char kWaker[] = "cs-wwaker";

// Ping every 50 ms until killed (at most two minutes).
CS_WORKLOAD(wakeuptime_pingpong) {
  int p[2];
  if (pipe(p) != 0) return 1;
  std::thread waker([w = p[1]] {
    prctl(PR_SET_NAME, kWaker);
    const struct timespec ts = {0, 50 * 1000 * 1000};
    for (int i = 0; i < 2400; i++) {
      nanosleep(&ts, nullptr);
      cs_wakeup_waker_target(w, "x");
    }
  });
  waker.detach();
  prctl(PR_SET_NAME, kSleeper);
  char c;
  for (int i = 0; i < 2400; i++)
    if (cs_wakeup_block_target(p[0], &c) != 1) return 1;
  return 0;
}

long voluntary_switches(pid_t tid) {
  std::string path = "/proc/" + std::to_string(tid) + "/task/" + std::to_string(tid) + "/status";
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return -1;
  buf[n] = 0;
  const char* s = std::strstr(buf, "\nvoluntary_ctxt_switches:");
  return s ? std::strtol(s + std::strlen("\nvoluntary_ctxt_switches:"), nullptr, 10) : -1;
}

struct Workload {
  pid_t pid;
  Workload() : pid(spawn_workload("wakeuptime_pingpong", {})) {}
  ~Workload() {
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
  std::string p() const { return std::to_string(pid); }
};

struct WakeRun {
  std::string out, err, desc;
};
// Starts wakeuptime, waits for its banner and for the sleeper to block
// twice more (one whole block, and its wakeup, happened while traced), then
// stops it with SIGINT and expects exit 0.
WakeRun run_wakeuptime(const Workload& w, const std::vector<std::string>& args) {
  ToolProcess t("wakeuptime", args);
  bool quiet = std::find(args.begin(), args.end(), "-f") != args.end() ||
               std::find(args.begin(), args.end(), "--json") != args.end();
  bool started = quiet ? t.wait_for_err("Hit Ctrl-C to end.") : t.wait_for_out("Hit Ctrl-C to end.");
  EXPECT_TRUE(started) << t.describe();
  long n0 = voluntary_switches(w.pid);
  EXPECT_GE(n0, 0);
  for (int i = 0; i < 2000 && voluntary_switches(w.pid) < n0 + 2; i++) usleep(10000);
  EXPECT_GE(voluntary_switches(w.pid), n0 + 2) << "the sleeper did not block twice";
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  return {t.out(), t.err(), t.describe()};
}

bool split_folded(const std::string& line, std::vector<std::string>& frames, long& count) {
  size_t sp = line.rfind(' ');
  if (sp == std::string::npos) return false;
  char* end = nullptr;
  count = std::strtol(line.c_str() + sp + 1, &end, 10);
  if (*end || count < 0) return false;
  frames.clear();
  std::istringstream in(line.substr(0, sp));
  for (std::string f; std::getline(in, f, ';');) frames.push_back(f);
  return frames.size() >= 2;
}

// Folded lines "waker;...;target count" of the sleeper woken by the waker.
std::vector<std::vector<std::string>> pings(const std::string& out) {
  std::vector<std::vector<std::string>> r;
  for (const std::string& l : lines_of(out)) {
    std::vector<std::string> f;
    long count;
    EXPECT_TRUE(split_folded(l, f, count)) << "bad folded line: " << l;
    if (f.size() >= 2 && f.front() == kWaker && f.back() == kSleeper) {
      EXPECT_GT(count, 0) << l;
      r.push_back(f);
    }
  }
  return r;
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
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
  for (auto args : std::vector<std::vector<std::string>>{
           {"-p", "12abc"}, {"-p", "1", "-t", "1"}, {"-U", "-K"}, {"-m", "5", "-M", "4"},
           {"-M", "x"}, {"--perf-max-stack-depth", "0"}, {"--stack-storage-size", "0"}, {"0"},
           {"1", "2"}, {"--no-such-flag"}}) {
    RunResult r = run_tool("wakeuptime", args);
    EXPECT_TRUE(r.exit.exited && r.exit.code == 2) << args[0] << " -> " << r.exit.code << r.err;
    EXPECT_NE(r.err.find("wakeuptime: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
  }
}

TEST(wakeuptime, HelpAndVersionExit0) {
  RunResult h = run_tool("wakeuptime", {"--help"});
  EXPECT_EQ(h.exit.code, 0);
  EXPECT_NE(h.out.find("EXAMPLES"), std::string::npos);
  RunResult v = run_tool("wakeuptime", {"--version"});
  EXPECT_EQ(v.exit.code, 0);
  EXPECT_NE(v.out.find("corescope"), std::string::npos);
}

TEST(wakeuptime, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool_unprivileged("wakeuptime", {"1"});
  EXPECT_EQ(r.exit.code, 1) << r.err;
  EXPECT_NE(r.err.find("CAP_BPF"), std::string::npos) << r.err;
}

}  // namespace
