// What the stack tools' live tests share (offcputime, offwaketime,
// wakeuptime, profile): target functions the workloads block or spin in,
// a run of the tool around the workload's sleeps, folded lines picked apart.
#pragma once
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "harness.h"
#include "workloads.h"

// A function the tests look for by name in a stack: never inlined or cloned,
// with a frame pointer so the unwinder walks through it.
#if defined(__clang__)
#define CS_STACK_TARGET extern "C" __attribute__((noinline, used))
#else
#define CS_STACK_TARGET \
  extern "C" __attribute__((noinline, noclone, used, optimize("no-omit-frame-pointer")))
#endif

// The syscall instruction itself, in the calling function: that function is
// the innermost user frame of the thread while the kernel runs the call.
#define CS_INLINE_SYSCALL3(nr, a, b, c)                                                     \
  ({                                                                                      \
    long ret_;                                                                            \
    asm volatile("syscall"                                                                \
                 : "=a"(ret_)                                                             \
                 : "a"(static_cast<long>(nr)), "D"(a), "S"(b), "d"(c)                      \
                 : "rcx", "r11", "memory");                                               \
    ret_;                                                                                 \
  })

namespace cstest {

// A workload killed and reaped when the test is done with it.
struct ScopedWorkload {
  pid_t pid;
  explicit ScopedWorkload(const std::string& name, const std::vector<std::string>& args = {})
      : pid(spawn_workload(name, args)) {}
  ~ScopedWorkload() {
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
  ScopedWorkload(const ScopedWorkload&) = delete;
  ScopedWorkload& operator=(const ScopedWorkload&) = delete;
  std::string p() const { return std::to_string(pid); }
};

// Voluntary context switches of one thread so far (-1 when unreadable).
inline long voluntary_switches(pid_t tid) {
  std::string s = read_small_file("/proc/" + std::to_string(tid) + "/task/" + std::to_string(tid) +
                                  "/status");
  const std::string key = "\nvoluntary_ctxt_switches:";
  size_t at = s.find(key);
  return at == std::string::npos ? -1 : std::strtol(s.c_str() + at + key.size(), nullptr, 10);
}

// The body of a ping-pong workload: the main thread, named `sleeper`,
// blocks reading a pipe in block(); its second thread, `waker`, sleeps 50 ms,
// then writes the pipe in wake().  Until killed (at most two minutes).
inline int pipe_pingpong(const char* sleeper, const char* waker, long (*block)(int, char*),
                         long (*wake)(int, const char*)) {
  int p[2];
  if (pipe(p) != 0) return 1;
  std::thread t([=, w = p[1]] {
    prctl(PR_SET_NAME, waker);
    const struct timespec ts = {0, 50 * 1000 * 1000};
    for (int i = 0; i < 2400; i++) {
      nanosleep(&ts, nullptr);
      wake(w, "x");
    }
  });
  t.detach();
  prctl(PR_SET_NAME, sleeper);
  char c;
  for (int i = 0; i < 2400; i++)
    if (block(p[0], &c) != 1) return 1;
  return 0;
}

struct StackRun {
  std::string out, err, desc;
};

// Starts the tool, waits for its banner (on stderr with -f or --json), lets
// each sleeper's main thread go off the CPU twice more (so one whole sleep
// began and ended while traced), then stops it with SIGINT and expects exit 0.
inline StackRun run_around_sleeps(const std::string& tool, const std::vector<pid_t>& sleepers,
                                  const std::vector<std::string>& args) {
  ToolProcess t(tool, args);
  bool quiet = std::find(args.begin(), args.end(), "-f") != args.end() ||
               std::find(args.begin(), args.end(), "--json") != args.end();
  bool started = quiet ? t.wait_for_err("Hit Ctrl-C to end.") : t.wait_for_out("Hit Ctrl-C to end.");
  EXPECT_TRUE(started) << t.describe();
  for (pid_t pid : sleepers) {
    long n0 = voluntary_switches(pid);
    EXPECT_GE(n0, 0);
    for (int i = 0; i < 2000 && voluntary_switches(pid) < n0 + 2; i++) usleep(10000);
    EXPECT_GE(voluntary_switches(pid), n0 + 2) << "the workload did not go off the CPU twice";
  }
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  return {t.out(), t.err(), t.describe()};
}

// Folded line "comm;f1;...;fn count" -> its fields (an empty one kept) and
// count; false when it is not one.
inline bool split_folded(const std::string& line, std::vector<std::string>& frames, long& count) {
  size_t sp = line.rfind(' ');
  if (sp == std::string::npos || sp == 0) return false;
  char* end = nullptr;
  count = std::strtol(line.c_str() + sp + 1, &end, 10);
  if (*end || count < 0) return false;
  frames.clear();
  std::istringstream in(line.substr(0, sp) + ";");  // keeps a trailing empty field
  for (std::string f; std::getline(in, f, ';');) frames.push_back(f);
  return !frames.empty();
}

inline bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

inline bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace cstest
