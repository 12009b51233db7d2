// Live tests for profile: a workload (this binary, renamed "cs-profbusy")
// spins in cs_profile_busy_loop_target() and makes read() syscalls straight
// from cs_profile_syscall_loop_target(); profile must show those functions,
// by name, for that pid, in each output form.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <set>
#include <sstream>

#include "harness.h"
#include "stack_checks.h"
#include "workloads.h"

using namespace cstest;

// Pure user-space work: every sample taken here has this function as its
// innermost user frame and no kernel stack.
CS_STACK_TARGET uint64_t cs_profile_busy_loop_target(uint64_t rounds) {
  volatile uint64_t acc = rounds;
  for (uint64_t i = 0; i < rounds; i++) acc = acc * 6364136223846793005ull + i;
  return acc;
}

// read(2) issued by a syscall instruction inside this very function, so the
// innermost user frame of a sample taken in the kernel is this function.
CS_STACK_TARGET long cs_profile_syscall_loop_target(int fd, char* buf, long rounds) {
  long total = 0;
  for (long i = 0; i < rounds; i++) {
    total += CS_INLINE_SYSCALL3(SYS_read, static_cast<long>(fd), buf, 65536L);
  }
  return total;
}

namespace {

constexpr char kComm[] = "cs-profbusy";

double now_s() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// args: [CPU to pin to].  Runs until killed (at most two minutes), half in
// user space, half in read(/dev/zero).
CS_WORKLOAD(profile_busy) {
  prctl(PR_SET_NAME, kComm);
  if (!args.empty()) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(std::atoi(args[0].c_str()), &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) return 1;
  }
  int fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  static char buf[65536];
  double end = now_s() + 120;
  while (now_s() < end) {
    double slice = now_s() + 0.02;
    while (now_s() < slice) cs_profile_busy_loop_target(20000);
    slice = now_s() + 0.02;
    while (now_s() < slice) cs_profile_syscall_loop_target(fd, buf, 8);
  }
  return 0;
}

struct Workload : ScopedWorkload {
  explicit Workload(const std::vector<std::string>& args = {}) : ScopedWorkload("profile_busy", args) {}
};

// Runs profile to its end (a duration argument) and checks it exited 0.
struct ProfileRun {
  std::string out, err, desc;
};
ProfileRun run_profile(const std::vector<std::string>& args) {
  ToolProcess t("profile", args);
  Exit e = t.wait(std::chrono::seconds(60));
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  return {t.out(), t.err(), t.describe()};
}

// A folded line of profile: its count is at least one sample.
bool split_samples(const std::string& line, std::vector<std::string>& frames, long& count) {
  return split_folded(line, frames, count) && count > 0;
}

TEST(profile, FoldedShowsUserFramesBeforeKernelFrames) {
  CS_REQUIRE_BPF();
  Workload w;
  ProfileRun r = run_profile({"-f", "-d", "-p", w.p(), "2"});
  bool busy = false, syscall = false;
  for (const std::string& l : lines_of(r.out)) {
    std::vector<std::string> f;
    long count;
    ASSERT_TRUE(split_samples(l, f, count)) << "bad folded line: " << l;
    ASSERT_EQ(f[0], kComm) << l;  // -p: only the workload
    if (f.back() == "cs_profile_busy_loop_target") busy = true;  // user mode: no kernel part
    auto target = std::find(f.begin(), f.end(), "cs_profile_syscall_loop_target");
    auto delim = std::find(f.begin(), f.end(), "-");
    if (target != f.end() && delim != f.end()) {
      // user frames, then "-", then at least one kernel frame
      EXPECT_EQ(target + 1, delim) << l;
      EXPECT_NE(delim + 1, f.end()) << l;
      syscall = true;
    }
  }
  EXPECT_TRUE(busy) << r.desc;
  EXPECT_TRUE(syscall) << r.desc;
  EXPECT_NE(r.err.find("Sampling at 49 Hertz of PID " + w.p() + " by user + kernel stack for 2 secs."),
            std::string::npos)
      << r.err;
}

// A process that exits mid-profile is still named: its maps and binaries
// are taken while it runs, not at the end.  And a folded stack is printed
// once with its summed count, though its samples hit different addresses
// (and stack ids) in the same functions.
TEST(profile, FoldedNamesAProcessThatExitedAndPrintsEachStackOnce) {
  CS_REQUIRE_BPF();
  pid_t pid = spawn_workload("profile_busy", {});
  ToolProcess t("profile", {"-f", "-F", "199", "-p", std::to_string(pid), "3"});
  ASSERT_TRUE(t.wait_for_err("Sampling at")) << t.describe();
  usleep(1500 * 1000);
  kill(pid, SIGKILL);
  wait_workload(pid);
  Exit e = t.wait(std::chrono::seconds(30));
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  std::set<std::string> seen;
  bool named = false;
  for (const std::string& l : lines_of(t.out())) {
    std::vector<std::string> f;
    long count;
    ASSERT_TRUE(split_folded(l, f, count)) << "bad folded line: " << l;
    EXPECT_TRUE(seen.insert(l.substr(0, l.rfind(' '))).second) << "printed twice: " << l;
    if (std::find(f.begin(), f.end(), "cs_profile_busy_loop_target") != f.end()) named = true;
  }
  EXPECT_TRUE(named) << t.describe();
}

// -a (bcc's): kernel frames end in _[k], user frames do not.
TEST(profile, AnnotationsMarkKernelFrames) {
  CS_REQUIRE_BPF();
  Workload w;
  ProfileRun r = run_profile({"-a", "-f", "-d", "-p", w.p(), "2"});
  bool seen = false;
  auto kernel_mark = [](const std::string& f) {
    return f.size() > 4 && f.compare(f.size() - 4, 4, "_[k]") == 0;
  };
  for (const std::string& l : lines_of(r.out)) {
    std::vector<std::string> f;
    long count;
    ASSERT_TRUE(split_samples(l, f, count)) << "bad folded line: " << l;
    auto delim = std::find(f.begin(), f.end(), "-");
    if (delim == f.end() || std::find(f.begin(), delim, "cs_profile_syscall_loop_target") == delim)
      continue;
    seen = true;
    for (auto it = f.begin() + 1; it != delim; ++it) EXPECT_FALSE(kernel_mark(*it)) << l;
    ASSERT_NE(delim + 1, f.end()) << l;
    for (auto it = delim + 1; it != f.end(); ++it) EXPECT_TRUE(kernel_mark(*it)) << l;
  }
  EXPECT_TRUE(seen) << r.desc;
}

TEST(profile, MultiLineShowsFunctionsCommAndPid) {
  CS_REQUIRE_BPF();
  Workload w;
  ProfileRun r = run_profile({"-d", "-p", w.p(), "2"});
  EXPECT_EQ(r.out.rfind("Sampling at 49 Hertz of PID " + w.p() + " by user + kernel stack for 2 secs.\n", 0),
            0u)
      << r.desc;
  EXPECT_NE(r.out.find("    cs_profile_busy_loop_target\n"), std::string::npos) << r.desc;
  EXPECT_NE(r.out.find("    --\n    cs_profile_syscall_loop_target\n"), std::string::npos) << r.desc;
  std::string trailer = "    -                " + std::string(kComm) + " (" + w.p() + ")\n        ";
  EXPECT_NE(r.out.find(trailer), std::string::npos) << r.desc;
}

TEST(profile, KernelStacksOnlyShowNoUserFrames) {
  CS_REQUIRE_BPF();
  Workload w;
  ProfileRun r = run_profile({"-K", "-f", "-p", w.p(), "2"});
  EXPECT_EQ(r.out.find("cs_profile_"), std::string::npos) << r.desc;
  bool seen = false;
  for (const std::string& l : lines_of(r.out)) {
    std::vector<std::string> f;
    long count;
    ASSERT_TRUE(split_samples(l, f, count)) << l;
    seen = seen || (f[0] == kComm && f.size() > 1);
  }
  EXPECT_TRUE(seen) << "no kernel stack of the workload: " << r.desc;
  EXPECT_NE(r.err.find("by kernel stack"), std::string::npos) << r.err;
}

TEST(profile, UserStacksOnlyEndAtTheUserFunction) {
  CS_REQUIRE_BPF();
  Workload w;
  ProfileRun r = run_profile({"-U", "-f", "-p", w.p(), "2"});
  bool syscall = false;
  for (const std::string& l : lines_of(r.out)) {
    std::vector<std::string> f;
    long count;
    ASSERT_TRUE(split_samples(l, f, count)) << l;
    // Even samples taken inside read() end at the user function: no kernel frames.
    if (std::find(f.begin(), f.end(), "cs_profile_syscall_loop_target") != f.end()) {
      EXPECT_EQ(f.back(), "cs_profile_syscall_loop_target") << l;
      syscall = true;
    }
  }
  EXPECT_TRUE(syscall) << r.desc;
}

TEST(profile, JsonCarriesCommPidCountAndStacks) {
  CS_REQUIRE_BPF();
  Workload w;
  ProfileRun r = run_profile({"--json", "-p", w.p(), "2"});
  EXPECT_NE(r.err.find("Hertz of PID " + w.p()), std::string::npos) << r.err;
  bool busy = false, syscall = false;
  std::set<std::string> stacks;
  for (const JsonValue& j : parse_json_lines(r.out)) {
    // A stack the map lost is told as a warning line: not a row.
    if (j["type"].str == "warning") continue;
    EXPECT_EQ(j["type"].str, "stack");
    EXPECT_EQ(j["comm"].str, kComm);
    EXPECT_EQ(j["pid"].num, w.pid);
    std::string frames;
    for (const char* side : {"ustack", "kstack"}) {
      for (const JsonValue& f : j[side].items) frames += f.str + ";";
      frames += "|";
    }
    EXPECT_TRUE(stacks.insert(frames).second) << "stack printed twice: " << frames;
    EXPECT_GT(j["count"].num, 0);
    ASSERT_EQ(j["ustack"].kind, JsonValue::Array);
    ASSERT_EQ(j["kstack"].kind, JsonValue::Array);
    if (j["ustack"].items.empty()) continue;
    if (j["ustack"][0].str == "cs_profile_busy_loop_target" && j["kstack"].items.empty()) busy = true;
    if (j["ustack"][0].str == "cs_profile_syscall_loop_target" && !j["kstack"].items.empty()) syscall = true;
  }
  EXPECT_TRUE(busy) << r.desc;
  EXPECT_TRUE(syscall) << r.desc;
}

TEST(profile, ThreadFilter) {
  CS_REQUIRE_BPF();
  Workload w;
  ProfileRun r = run_profile({"-f", "-L", w.p(), "2"});
  EXPECT_NE(r.out.find("cs_profile_busy_loop_target"), std::string::npos) << r.desc;
  for (const std::string& l : lines_of(r.out)) EXPECT_EQ(l.rfind(std::string(kComm) + ";", 0), 0u) << l;
}

// -p and -L take lists, as in libbpf-tools' profile.
TEST(profile, PidListProfilesEachListedProcessOnly) {
  CS_REQUIRE_BPF();
  Workload a, b, other;
  ProfileRun r = run_profile({"--json", "-p", a.p() + "," + b.p(), "2"});
  EXPECT_NE(r.err.find("Hertz of PIDs " + a.p() + "," + b.p()), std::string::npos) << r.err;
  std::set<double> pids;
  for (const JsonValue& j : parse_json_lines(r.out)) pids.insert(j["pid"].num);
  EXPECT_EQ(pids, (std::set<double>{static_cast<double>(a.pid), static_cast<double>(b.pid)}))
      << r.desc;
  ProfileRun t = run_profile({"--json", "-L", a.p() + "," + other.p(), "2"});
  pids.clear();
  for (const JsonValue& j : parse_json_lines(t.out)) pids.insert(j["pid"].num);
  EXPECT_EQ(pids, (std::set<double>{static_cast<double>(a.pid), static_cast<double>(other.pid)}))
      << t.desc;
}

bool cpu1_online() {
  std::string list = read_small_file("/sys/devices/system/cpu/online");
  if (list.empty()) return false;
  // "0-N" with N >= 1, or a list naming 1.
  return list.rfind("0-", 0) == 0 || list.find(",1") != std::string::npos ||
         list.rfind("1", 0) == 0;
}

TEST(profile, CpuFilter) {
  CS_REQUIRE_BPF();
  Workload w({"0"});  // pinned to CPU 0
  ProfileRun on = run_profile({"-f", "-C", "0", "-p", w.p(), "2"});
  EXPECT_NE(on.out.find("cs_profile_busy_loop_target"), std::string::npos) << on.desc;
  EXPECT_NE(on.err.find(" on CPU#0 for 2 secs."), std::string::npos) << on.err;
  if (cpu1_online()) {
    ProfileRun off = run_profile({"-f", "-C", "1", "-p", w.p(), "1"});
    EXPECT_EQ(off.out.find("cs_profile_"), std::string::npos) << off.desc;
  }
}

// Idle + iowait time of all CPUs so far, in USER_HZ ticks (/proc/stat).
uint64_t idle_ticks() {
  std::string stat = read_small_file("/proc/stat");
  unsigned long long user, nice, sys, idle, iowait;
  if (std::sscanf(stat.c_str(), "cpu %llu %llu %llu %llu %llu", &user, &nice, &sys, &idle, &iowait) != 5) return 0;
  return idle + iowait;
}

TEST(profile, IdleOnlyWithDashI) {
  CS_REQUIRE_BPF();
  ProfileRun without = run_profile({"--json", "-K", "-F", "199", "1"});
  for (const JsonValue& j : parse_json_lines(without.out)) EXPECT_NE(j["pid"].num, 0) << j["comm"].str;
  // The idle tasks can only be sampled while some CPU idles: judge a run
  // only when /proc/stat says the CPUs idled for at least a quarter second.
  bool judged = false;
  for (int i = 0; i < 5 && !judged; i++) {
    uint64_t before = idle_ticks();
    ProfileRun with = run_profile({"--json", "-K", "-I", "-F", "199", "1"});
    if (idle_ticks() - before < 25) continue;
    judged = true;
    bool idle = false;
    for (const JsonValue& j : parse_json_lines(with.out))
      if (j["pid"].num == 0 && j["comm"].str.rfind("swapper", 0) == 0) idle = true;
    EXPECT_TRUE(idle) << with.desc;
  }
  if (!judged) GTEST_SKIP() << "no CPU was idle during five runs";
}

TEST(profile, TinyStackStorageReportsMissedStacks) {
  CS_REQUIRE_BPF();
  Workload w;
  // One slot: the workload's second distinct stack collides with the first.
  ProfileRun r = run_profile({"-f", "--stack-storage-size", "1", "-p", w.p(), "2"});
  EXPECT_NE(r.out.find("[Missed "), std::string::npos) << r.desc;
  // A tiny map loses stacks to taken slots: the warning says so and names the size.
  EXPECT_NE(r.err.find("another stack held their slot in the stack map (" ), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("a larger --stack-storage-size makes that rarer"), std::string::npos) << r.err;
}

// CPU time (user + system, in ticks) a process has used so far.
uint64_t cpu_ticks(pid_t pid) {
  std::string stat = read_small_file("/proc/" + std::to_string(pid) + "/stat");
  const char* p = std::strrchr(stat.c_str(), ')');  // comm may hold spaces
  unsigned long long utime = 0, stime = 0;
  if (!p || std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2)
    return 0;
  return utime + stime;
}

TEST(profile, SigintPrintsTheSummaryAndExits0) {
  CS_REQUIRE_BPF();
  Workload w;
  ToolProcess t("profile", {"-f", "-F", "199", "-p", w.p()});
  ASSERT_TRUE(t.wait_for_err("Hit Ctrl-C to end.")) << t.describe();
  EXPECT_NE(t.err().find("Sampling at 199 Hertz of PID " + w.p() + " by user + kernel stack... Hit Ctrl-C to end."),
            std::string::npos)
      << t.describe();
  // Let the workload run on a CPU for a quarter second while sampled.
  uint64_t start = cpu_ticks(w.pid);
  for (int i = 0; i < 400 && cpu_ticks(w.pid) < start + 25; i++) usleep(50000);
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.out().find("cs_profile_"), std::string::npos) << t.describe();
}

TEST(profile, UsageErrorsExit2) {
  expect_usage_errors("profile", {{"nan"}, {"-c", "18446744073709551616"}, {"-F", "0"}, {"-F", "abc"}, {"-p", "12abc"}, {"-L", "x"}, {"-U", "-K"},
                                  {"-p", "1", "-L", "1"}, {"-C", "1000000"},
                                  {"--perf-max-stack-depth", "60000"}, {"--stack-storage-size", "0"},
                                  {"0"}, {"1", "2"}});
}

TEST(profile, HelpListsTheStackStorageSize) {
  RunResult h = run_tool("profile", {"--help"});
  EXPECT_NE(h.out.find("--stack-storage-size"), std::string::npos);
}

TEST(profile, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("profile", {"1"});
}

}  // namespace
