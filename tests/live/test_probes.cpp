// Probes named at run time (common/runtime/probe_spec.h), through the test
// program corescope-probe-counter: each probe type attaches where the kernel
// offers it and counts exactly the hits the test causes; where the kernel
// lacks it, one line says what is missing.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gated_workload.h"
#include "harness.h"
#include "workloads.h"

extern "C" __attribute__((noinline, used)) int cs_probe_target(int i) {
  asm volatile("" ::: "memory");
  return i + 1;
}

namespace cstest {
namespace {

constexpr int kCalls = 7;
const char kCounter[] = "corescope-probe-counter";
const char kBanner[] = "probes... Hit Ctrl-C to end.";

// After the gate: kCalls calls of cs_probe_target(), kCalls forks, and
// kCalls getppid() system calls.
CS_WORKLOAD(probe_calls) {
  if (!pass_workload_gate(args)) _exit(1);
  int sum = 0;
  for (int i = 0; i < kCalls; i++) sum += cs_probe_target(i);
  for (int i = 0; i < kCalls; i++) {
    pid_t p = fork();
    if (p == 0) _exit(0);
    waitpid(p, nullptr, 0);
  }
  for (int i = 0; i < kCalls; i++) sum += getppid() > 0;
  _exit(sum > 0 ? 0 : 1);
}

// "<count> <spec>" lines -> the count of `spec`, -1 when absent.
long count_of(const std::string& out, const std::string& spec) {
  for (const std::string& l : lines_of(out)) {
    size_t sp = l.find(' ');
    if (sp != std::string::npos && l.substr(sp + 1) == spec) return std::stol(l.substr(0, sp));
  }
  return -1;
}

bool kernel_has_kprobes() { return access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0; }

// Runs the counter on the gated probe_calls workload; its output after SIGINT.
void count_calls(const std::vector<std::string>& specs, std::string& out) {
  GatedWorkload w("probe_calls");
  ASSERT_TRUE(w.ready());
  std::vector<std::string> args{"-p", std::to_string(w.pid())};
  for (const std::string& s : specs) args.insert(args.end(), {"-e", s});
  ToolProcess t(kCounter, args);
  ASSERT_TRUE(t.wait_for_out(kBanner)) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  Exit e = t.stop();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  out = t.out();
}

TEST(probes, UprobeUretprobeAndTracepointCountExactly) {
  std::string exe = self_exe(), p = "p:" + exe + ":cs_probe_target", r = "r:" + exe + ":cs_probe_target";
  std::string t = "t:sched:sched_process_fork", out;
  ASSERT_NO_FATAL_FAILURE(count_calls({p, r, t}, out));
  EXPECT_EQ(count_of(out, p), kCalls) << out;
  EXPECT_EQ(count_of(out, r), kCalls) << out;
  EXPECT_EQ(count_of(out, t), kCalls) << out;  // the parent forks: -p counts it
}

TEST(probes, KprobeCountsOrSaysTheKernelHasNone) {
  const std::string k = "p::__x64_sys_getppid";
  if (!kernel_has_kprobes()) {
    ToolProcess t(kCounter, {"-e", k});
    Exit e = t.wait();
    EXPECT_TRUE(e.exited && e.code == 1) << t.describe();
    EXPECT_EQ(t.err(), std::string(kCounter) + ": cannot trace 'p::__x64_sys_getppid': this kernel has no "
                       "kprobes (CONFIG_KPROBES); tracepoints (t:) and uprobes (p:LIB:FUNC) work without them\n");
    return;
  }
  std::string out;
  ASSERT_NO_FATAL_FAILURE(count_calls({k, "r::__x64_sys_getppid"}, out));
  EXPECT_EQ(count_of(out, k), kCalls) << out;
  EXPECT_EQ(count_of(out, "r::__x64_sys_getppid"), kCalls) << out;
}

// Debian's python3 has USDT probes; gc__start fires once per gc.collect().
TEST(probes, UsdtProbeOfPythonCountsExactly) {
  const std::string python = "/usr/bin/python3";
  if (access(python.c_str(), X_OK) != 0) GTEST_SKIP() << "no " << python;
  int to[2], from[2];
  ASSERT_EQ(pipe2(to, O_CLOEXEC), 0);
  ASSERT_EQ(pipe2(from, O_CLOEXEC), 0);
  pid_t py = fork();
  if (py == 0) {
    dup2(to[0], 0);
    dup2(from[1], 1);
    execl(python.c_str(), "python3", "-c",
          "import gc, sys\nprint('ready', flush=True)\nsys.stdin.readline()\n"
          "for _ in range(3): gc.collect()\nprint('done', flush=True)\nsys.stdin.readline()\n",
          nullptr);
    _exit(127);
  }
  close(to[0]);
  close(from[1]);
  auto read_line = [&] {
    std::string l;
    char ch;
    while (read(from[0], &ch, 1) == 1 && ch != '\n') l += ch;
    return l;
  };
  ASSERT_EQ(read_line(), "ready");
  const std::string spec = "u:" + python + ":gc__start";
  ToolProcess t(kCounter, {"-p", std::to_string(py), "-e", spec});
  bool up = t.wait_for_out(kBanner);
  ASSERT_EQ(write(to[1], "go\n", 3), 3);
  EXPECT_EQ(read_line(), "done");
  Exit e = t.stop();  // before python's exit, whose finalization collects again
  ASSERT_EQ(write(to[1], "end\n", 4), 4);
  close(to[1]);
  close(from[0]);
  int status = 0;
  waitpid(py, &status, 0);
  ASSERT_TRUE(up) << t.describe();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(count_of(t.out(), spec), 3) << t.describe();
}

TEST(probes, BadSpecsAreUsageErrors) {
  struct Case {
    std::string spec, message;
  };
  for (const Case& c : std::vector<Case>{
           {"x:a:b:c", "bad probe 'x:a:b:c': the type is one of p, r, t, u"},
           {"t:sched", "bad probe 't:sched': a tracepoint is t:CATEGORY:EVENT"},
           {"p::", "bad probe 'p::': no name"},
           {"p:/nonexistent/lib.so:f", "/nonexistent/lib.so: No such file or directory"},
           {"u:/bin/true:nosuchprobe", "bad probe 'u:/bin/true:nosuchprobe': /bin/true has no USDT probe nosuchprobe"},
       }) {
    SCOPED_TRACE(c.spec);
    ToolProcess t(kCounter, {"-e", c.spec});
    Exit e = t.wait();
    EXPECT_TRUE(e.exited && e.code == 2) << t.describe();
    EXPECT_EQ(t.err(), std::string(kCounter) + ": " + c.message + "\nRun '" + kCounter + " --help' for usage.\n")
        << t.describe();
  }
}

TEST(probes, MissingTracepointSaysSo) {
  ToolProcess t(kCounter, {"-e", "t:sched:no_such_event"});
  Exit e = t.wait();
  EXPECT_TRUE(e.exited && e.code == 1) << t.describe();
  EXPECT_EQ(t.err(), std::string(kCounter) + ": cannot trace 't:sched:no_such_event': this kernel has no "
                     "tracepoint no_such_event\n")
      << t.describe();
}

}  // namespace
}  // namespace cstest
