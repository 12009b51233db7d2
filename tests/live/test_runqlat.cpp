// Live tests for runqlat: a workload pins several busy threads to one CPU so
// they keep preempting each other; each preemption is a run-queue wait the
// tool must count for that workload (and, with a filter, for nothing else).
#include <gtest/gtest.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "attach_modes.h"
#include "harness.h"
#include "spinners.h"
#include "hist_sections.h"
#include "workloads.h"

using namespace cstest;

namespace {


// kSpinners threads named `name`, all on this process's first allowed CPU,
// busy until killed.
int contend(const std::string& name) { return spin_on_cpu(first_allowed_cpu(), name); }

CS_WORKLOAD(runqlat_contend) { return contend(args.at(0)); }

// The same in a new PID namespace: this process unshares and forks the
// spinners' process, which is pid 1 there.
CS_WORKLOAD(runqlat_contend_pidns) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (unshare(CLONE_NEWPID) != 0) return 3;
  pid_t child = fork();
  if (child == 0) _exit(contend(args.at(0)));
  int st;
  waitpid(child, &st, 0);
  return 0;
}

// A spawned workload, killed and reaped when the test ends.
struct Workload {
  pid_t pid;
  bool reaped = false;
  explicit Workload(const std::string& name, const std::string& thread_name = "rqlat-spin")
      : pid(spawn_workload(name, {thread_name})) {}
  ~Workload() {
    if (reaped) return;
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
  // True (and the wait status) once the workload has ended by itself.
  bool ended(int* status) {
    if (waitpid(pid, status, WNOHANG) != pid) return false;
    reaped = true;
    return true;
  }
  std::string id() const { return std::to_string(pid); }
};

std::string self_comm() {
  std::string self = self_exe();
  return self.substr(self.rfind('/') + 1).substr(0, 15);
}

// One "<kind> = <key> <comm>" section of the text output and the sum of its
// rows' counts; rows before any header (unkeyed mode) have kind "".
struct Section : SectionHeader {
  uint64_t total = 0;
};

// Only complete lines count: the tool's output may be read mid-line.
std::vector<Section> parse_sections(const std::string& out) {
  std::vector<Section> r;
  for (const std::string& line : lines_of(complete_lines(out))) {
    Section s;
    if (section_header(line, {"pid", "tid", "pidns"}, &s)) {
      r.push_back(s);
      continue;
    }
    size_t colon = line.find(" : ");
    if (line.find(" -> ") == std::string::npos || colon == std::string::npos) continue;
    if (r.empty()) r.emplace_back();
    r.back().total += std::strtoull(line.c_str() + colon + 3, nullptr, 10);
  }
  return r;
}

uint64_t total_of(const std::vector<Section>& secs, const std::string& kind, uint64_t key) {
  uint64_t t = 0;
  for (auto& s : secs)
    if (s.kind == kind && (kind.empty() || s.key == key)) t += s.total;
  return t;
}

// Waits until the output shows a section kind=key with counts.
bool wait_for_counts(ToolProcess& t, const std::string& kind, uint64_t key) {
  return t.wait_until([&](const std::string& o, const std::string&) {
    return total_of(parse_sections(o), kind, key) > 0;
  });
}

uint64_t bucket_total(const JsonValue& hist) {
  uint64_t t = 0;
  for (auto& b : hist["buckets"].items) t += static_cast<uint64_t>(b["count"].num);
  return t;
}

TEST(runqlat, PidFilterCountsOnlyThatProcess) {
  CS_REQUIRE_BPF();
  Workload w("runqlat_contend"), decoy("runqlat_contend");
  ToolProcess t("runqlat", {"-p", w.id(), "-P", "0.2"});
  ASSERT_TRUE(wait_for_counts(t, "pid", w.pid)) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out().rfind("Tracing run queue latency... Hit Ctrl-C to end.\n", 0), 0u);
  for (auto& s : parse_sections(t.out())) {
    EXPECT_EQ(s.kind, "pid");
    EXPECT_EQ(s.key, static_cast<uint64_t>(w.pid)) << "counted another process: " << s.comm;
    EXPECT_EQ(s.comm, self_comm());
  }
}

TEST(runqlat, UnkeyedHistogramCountsWorkload) {
  CS_REQUIRE_BPF();
  Workload w("runqlat_contend");
  ToolProcess t("runqlat", {"-p", w.id(), "0.2"});
  ASSERT_TRUE(wait_for_counts(t, "", 0)) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.out().find("     usecs               : count    distribution\n"), std::string::npos);
  for (auto& s : parse_sections(t.out())) EXPECT_EQ(s.kind, "") << "unexpected section header";
}

TEST(runqlat, PerProcessShowsWorkloadSection) {
  CS_REQUIRE_BPF();
  Workload w("runqlat_contend");
  ToolProcess t("runqlat", {"-P", "0.2"});
  ASSERT_TRUE(wait_for_counts(t, "pid", w.pid)) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  // The exact header line libbpf-tools prints: blank line, "pid = N comm".
  std::string header = "\npid = " + w.id() + " " + self_comm() + "\n     usecs ";
  EXPECT_NE(t.out().find(header), std::string::npos) << t.describe();
}

// Per thread: sections for the spinner threads, named by the workload.  The
// name holds an escape sequence and a newline: text shows them escaped.
TEST(runqlat, PerThreadShowsSpinnerThreadsEscaped) {
  CS_REQUIRE_BPF();
  std::string name = "rq\x1b[1m\nFAKE";
  Workload w("runqlat_contend", name);
  ToolProcess t("runqlat", {"-L", "-p", w.id(), "0.2"});
  std::string shown = "rq\\e[1m\\nFAKE";
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    for (auto& s : parse_sections(o))
      if (s.kind == "tid" && s.comm == shown && s.total > 0) return true;
    return false;
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_EQ(t.out().find('\x1b'), std::string::npos) << "raw ESC in output";
  for (auto& s : parse_sections(t.out())) {
    EXPECT_EQ(s.kind, "tid");
    // Every thread counted belongs to the workload (main or spinner).
    std::string status = "/proc/" + w.id() + "/task/" + std::to_string(s.key);
    EXPECT_EQ(access(status.c_str(), F_OK), 0) << "tid " << s.key << " is not the workload's";
    EXPECT_TRUE(s.comm == shown || s.comm == self_comm()) << s.comm;
  }
}

TEST(runqlat, PerPidNamespace) {
  CS_REQUIRE_BPF();
  Workload w("runqlat_contend_pidns");
  struct stat own, child;
  ASSERT_EQ(stat("/proc/self/ns/pid", &own), 0);
  std::string link = "/proc/" + w.id() + "/ns/pid_for_children";
  // Wait for the workload to unshare (or to fail doing so).
  for (int tries = 0;; tries++) {
    ASSERT_LT(tries, 2000) << "the workload neither unshared nor ended";
    int st;
    if (w.ended(&st)) {
      if (WIFEXITED(st) && WEXITSTATUS(st) == 3) GTEST_SKIP() << "no PID namespaces here";
      FAIL() << "workload ended early";
    }
    if (stat(link.c_str(), &child) == 0 && child.st_ino != own.st_ino) break;
    usleep(10000);
  }
  ToolProcess t("runqlat", {"--pidnss", "0.2"});
  ASSERT_TRUE(wait_for_counts(t, "pidns", child.st_ino)) << "pidns " << child.st_ino << "\n"
                                                          << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
}

TEST(runqlat, IntervalAndCountExitByThemselves) {
  CS_REQUIRE_BPF();
  Workload w("runqlat_contend");
  RunResult r = run_tool("runqlat", {"-T", "-p", w.id(), "0.5", "2"});
  ASSERT_TRUE(r.exit.exited) << r.out << r.err;
  EXPECT_EQ(r.exit.code, 0) << r.err;
  EXPECT_EQ(hms_lines(r.out), 2) << r.out;
  EXPECT_GT(total_of(parse_sections(r.out), "", 0), 0u) << r.out;
}

// Ctrl-C with no interval prints the summary of the whole run and exits 0.
// A second instance started after the first is attached proves that the
// workload was counted meanwhile, without sleeping for a guessed time.
TEST(runqlat, SigintPrintsFinalSummary) {
  CS_REQUIRE_BPF();
  Workload w("runqlat_contend");
  ToolProcess t("runqlat", {"-p", w.id()});
  ASSERT_TRUE(t.wait_for_out("Hit Ctrl-C to end.\n")) << t.describe();
  {
    ToolProcess witness("runqlat", {"-p", w.id(), "0.1"});
    ASSERT_TRUE(wait_for_counts(witness, "", 0)) << witness.describe();
  }
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_GT(total_of(parse_sections(t.out()), "", 0), 0u) << t.describe();
}

TEST(runqlat, JsonPerInterval) {
  CS_REQUIRE_BPF();
  Workload w("runqlat_contend");
  {
    RunResult r = run_tool("runqlat", {"--json", "-m", "-p", w.id(), "0.3", "2"});
    ASSERT_EQ(r.exit.code, 0) << r.err;
    EXPECT_NE(r.err.find("Tracing run queue latency"), std::string::npos) << r.err;
    auto lines = parse_json_lines(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    uint64_t total = 0;
    for (auto& j : lines) {
      EXPECT_EQ(j["type"].str, "histogram");
      EXPECT_EQ(j["time"].kind, JsonValue::String);
      EXPECT_EQ(j["unit"].str, "msecs");
      ASSERT_EQ(j["hists"].items.size(), 1u) << r.out;  // unkeyed: one histogram
      total += bucket_total(j["hists"][0]);
    }
    EXPECT_GT(total, 0u) << r.out;
  }
  {
    ToolProcess t("runqlat", {"--json", "-P", "-p", w.id(), "0.2"});
    ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
      return o.find("\"pid\":" + w.id() + ",") != std::string::npos;
    })) << t.describe();
    EXPECT_EQ(t.stop(SIGINT).code, 0);
    uint64_t total = 0;
    for (auto& j : parse_json_lines(t.out())) {
      EXPECT_EQ(j["unit"].str, "usecs");
      for (auto& h : j["hists"].items) {
        EXPECT_EQ(h["pid"].num, w.pid);
        EXPECT_EQ(h["comm"].str, self_comm());
        total += bucket_total(h);
      }
    }
    EXPECT_GT(total, 0u) << t.describe();
  }
}

// The thread name's raw bytes survive in JSON.
TEST(runqlat, JsonPerThreadCarriesRawComm) {
  CS_REQUIRE_BPF();
  std::string name = "rq\x1b[1m\nJSON";
  Workload w("runqlat_contend", name);
  ToolProcess t("runqlat", {"--json", "-L", "-p", w.id(), "0.2"});
  ASSERT_TRUE(t.wait_for_out("[1m\\nJSON\"")) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  bool found = false;
  for (auto& j : parse_json_lines(t.out()))
    for (auto& h : j["hists"].items) {
      std::string task = "/proc/" + w.id() + "/task/" + std::to_string(int64_t(h["tid"].num));
      EXPECT_EQ(access(task.c_str(), F_OK), 0) << "tid " << h["tid"].num;
      if (h["comm"].str == name && bucket_total(h) > 0) found = true;
    }
  EXPECT_TRUE(found) << t.describe();
}

TEST(runqlat, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  Workload w("runqlat_contend");
  AttachSteps steps;
  steps.args = {"-P", "-p", w.id(), "0.2"};
  steps.ready = [&](const std::string& o, const std::string&) {
    return total_of(parse_sections(o), "pid", w.pid) > 0;
  };
  steps.stopped = [&](ToolProcess& t) {
    for (auto& s : parse_sections(t.out())) EXPECT_EQ(s.key, static_cast<uint64_t>(w.pid));
  };
  each_attach_mode("runqlat", steps);
}

// Finds (or mounts) the cgroup2 hierarchy; "" if there is none to be had.
std::string cgroup2_root(std::string* mounted) {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    size_t dash = line.find(" - ");
    if (dash == std::string::npos || line.compare(dash + 3, 8, "cgroup2 ") != 0) continue;
    std::istringstream f(line);
    std::string id, parent, dev, root, mnt;
    f >> id >> parent >> dev >> root >> mnt;
    return mnt;
  }
  char tmpl[] = "/tmp/cs-cgroup2-XXXXXX";
  if (!mkdtemp(tmpl)) return "";
  if (mount("none", tmpl, "cgroup2", 0, nullptr) != 0) {
    rmdir(tmpl);
    return "";
  }
  *mounted = tmpl;
  return tmpl;
}

TEST(runqlat, CgroupFilterCountsOnlyTasksInIt) {
  CS_REQUIRE_BPF();
  std::string mounted;
  std::string root = cgroup2_root(&mounted);
  if (root.empty()) GTEST_SKIP() << "no cgroup v2 hierarchy";
  std::string dir = root + "/" + unique_token("cs-runqlat-");
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << dir;
  {
    Workload inside("runqlat_contend"), outside("runqlat_contend");
    {
      std::ofstream procs(dir + "/cgroup.procs");
      procs << inside.pid << std::flush;
      ASSERT_TRUE(procs.good()) << "cannot move the workload into " << dir;
    }
    ToolProcess t("runqlat", {"-P", "-c", dir, "0.2"});
    ASSERT_TRUE(wait_for_counts(t, "pid", inside.pid)) << t.describe();
    EXPECT_EQ(t.stop(SIGINT).code, 0);
    for (auto& s : parse_sections(t.out()))
      EXPECT_EQ(s.key, static_cast<uint64_t>(inside.pid)) << "counted a task outside " << dir;
  }
  rmdir(dir.c_str());
  if (!mounted.empty()) {
    umount(mounted.c_str());
    rmdir(mounted.c_str());
  }
}

TEST(runqlat, UsageErrorsExit2) {
  expect_usage_errors("runqlat", {{"nan"}, {"inf"}, {"1", "18446744073709551616"}, {"-p", "abc"}, {"-p", "12abc"},
                                  {"-P", "-L"},
                                  {"-P", "--pidnss"},
                                  {"-L", "--pidnss"},
                                  {"-c", "/nonexistent-cgroup"},
                                  {"--attach", "kprobe"}});
  expect_bad_interval_args("runqlat");
}

TEST(runqlat, TracepointsWithoutTracefsExplainTheFix) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("runqlat");
}

TEST(runqlat, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("runqlat");
}

// A directory that exists but is no cgroup v2 directory: exit 2, one line.
TEST(runqlat, CgroupThatIsNotCgroup2Exits2) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("runqlat", {"-c", "/"});
  EXPECT_EQ(r.exit.code, 2) << r.err;
  EXPECT_NE(r.err.find("not a cgroup v2 directory"), std::string::npos) << r.err;
}

}  // namespace
