// Live tests for oomkill: a workload with a unique name moves itself into a
// memory cgroup limited to 32 MiB and allocates until the OOM killer kills
// it; the tool must name it as both the trigger and the victim.
//
// The memory controller is found on cgroup v2 (memory.max) or, on hosts that
// still mount it on cgroup v1, there (memory.limit_in_bytes).  Where neither
// is mounted the test mounts one under /tmp for the test and removes it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr long kLimit = 32L << 20;
constexpr unsigned long kLimitPages = kLimit / 4096;

bool write_file(const std::string& path, const std::string& text) {
  int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  return ok;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool has_word(const std::string& text, const std::string& word) {
  std::istringstream in(text);
  std::string w;
  while (in >> w)
    if (w == word) return true;
  return false;
}

// A child memory cgroup limited to kLimit, removed (with any mount made for
// it) when the test ends.
class MemoryCgroup {
 public:
  MemoryCgroup() {
    if (!find_mounted()) mount_one();
    if (root_.empty()) return;
    dir_ = root_ + "/" + unique_token("csoom");
    if (mkdir(dir_.c_str(), 0755) != 0) {
      why_ = "mkdir " + dir_ + ": " + strerror(errno);
      dir_.clear();
      return;
    }
    bool ok = v2_ ? write_file(dir_ + "/memory.max", std::to_string(kLimit))
                  : write_file(dir_ + "/memory.limit_in_bytes", std::to_string(kLimit));
    // No swapping out instead of being killed (files absent without swap accounting).
    if (v2_) write_file(dir_ + "/memory.swap.max", "0");
    else write_file(dir_ + "/memory.memsw.limit_in_bytes", std::to_string(kLimit));
    if (!ok) why_ = "cannot set the memory limit in " + dir_;
  }
  ~MemoryCgroup() {
    if (!dir_.empty()) rmdir(dir_.c_str());
    if (!mounted_.empty()) {
      umount2(mounted_.c_str(), MNT_DETACH);
      rmdir(mounted_.c_str());
    }
  }
  bool ok() const { return !dir_.empty() && why_.empty(); }
  const std::string& why() const { return why_; }
  std::string procs() const { return dir_ + "/cgroup.procs"; }

 private:
  // cgroup v2 with the memory controller enabled for children, or the v1
  // memory hierarchy, from /proc/self/mountinfo.
  bool find_mounted() {
    std::istringstream in(read_file("/proc/self/mountinfo"));
    std::string line;
    while (std::getline(in, line)) {
      auto dash = line.find(" - ");
      if (dash == std::string::npos) continue;
      auto f = words(line.substr(0, dash)), g = words(line.substr(dash + 3));
      if (f.size() < 5 || g.size() < 3) continue;
      if (g[0] == "cgroup2" && use_v2(f[4])) return true;
      if (g[0] == "cgroup" && has_option(g[2], "memory")) {
        root_ = f[4];
        v2_ = false;
        return true;
      }
    }
    return false;
  }
  static bool has_option(const std::string& opts, const std::string& want) {
    std::stringstream s(opts);
    std::string o;
    while (std::getline(s, o, ','))
      if (o == want) return true;
    return false;
  }
  bool use_v2(const std::string& root) {
    if (!has_word(read_file(root + "/cgroup.controllers"), "memory")) return false;
    if (!has_word(read_file(root + "/cgroup.subtree_control"), "memory"))
      write_file(root + "/cgroup.subtree_control", "+memory");
    if (!has_word(read_file(root + "/cgroup.subtree_control"), "memory")) return false;
    root_ = root;
    v2_ = true;
    return true;
  }
  // Nothing mounted (a minimal VM): mount cgroup2, else the v1 memory hierarchy.
  void mount_one() {
    char tmpl[] = "/tmp/cs-cgroup-XXXXXX";
    if (!mkdtemp(tmpl)) {
      why_ = "mkdtemp failed";
      return;
    }
    mounted_ = tmpl;
    if (mount("cgroup2", tmpl, "cgroup2", 0, nullptr) == 0) {
      if (use_v2(tmpl)) return;
      umount2(tmpl, MNT_DETACH);
    }
    if (mount("cgroup", tmpl, "cgroup", 0, "memory") == 0) {
      root_ = tmpl;
      v2_ = false;
      return;
    }
    why_ = "no cgroup v2 with the memory controller and no cgroup v1 memory hierarchy";
  }

  std::string root_, dir_, mounted_, why_;
  bool v2_ = false;
};

// With CI=true a missing memory controller fails the test; elsewhere it skips.
#define OOMKILL_REQUIRE_CGROUP(cg)                                             \
  do {                                                                         \
    CS_REQUIRE_BPF();                                                          \
    if (!(cg).ok()) {                                                          \
      if (in_ci()) FAIL() << "no memory cgroup for the OOM test: " << (cg).why(); \
      GTEST_SKIP() << "no memory cgroup for the OOM test: " << (cg).why();     \
    }                                                                          \
  } while (0)

// args: NAME PROCS -- names itself NAME, joins the cgroup whose cgroup.procs
// is PROCS, then touches memory until it is killed (exit 2 if it never is).
CS_WORKLOAD(oomkill_hog) {
  set_comm(args.at(0));
  if (!write_file(args.at(1), std::to_string(getpid()))) return 3;
  for (long total = 0; total < 16 * kLimit; total += 1 << 20) {
    char* p = static_cast<char*>(malloc(1 << 20));
    if (!p) return 2;
    memset(p, 0x5a, 1 << 20);
  }
  return 2;
}

struct Victim {
  std::string name = unique_token("oom");
  pid_t pid = 0;
  int status = 0;
};

Victim run_hog(const MemoryCgroup& cg) {
  Victim v;
  v.pid = spawn_workload("oomkill_hog", {v.name, cg.procs()});
  waitpid(v.pid, &v.status, 0);
  EXPECT_TRUE(WIFSIGNALED(v.status) && WTERMSIG(v.status) == SIGKILL)
      << "the workload was not OOM-killed, status " << v.status;
  return v;
}

// Pages the kernel may report for our cgroup: the limit, plus swap where it
// cannot be limited (memcg v1 without swap accounting).
unsigned long max_pages() {
  std::istringstream in(read_file("/proc/meminfo"));
  std::string key;
  unsigned long kb = 0, swap_kb = 0;
  while (in >> key >> kb) {
    if (key == "SwapTotal:") swap_kb = kb;
    in.ignore(64, '\n');
  }
  return kLimitPages + swap_kb / 4;
}

void expect_text_line(ToolProcess& t, const Victim& v) {
  std::string who = "PID " + std::to_string(v.pid) + " (\"" + v.name + "\")";
  std::string head = "Triggered by " + who + ", OOM kill of " + who + ", ";
  ASSERT_TRUE(t.wait_for_out(head)) << t.describe();
  std::string line;
  for (auto& l : t.out_lines())
    if (l.find(head) != std::string::npos) line = l;
  auto w = words(line);
  ASSERT_GE(w.size(), 18u) << line;
  EXPECT_TRUE(is_hms(w[0])) << line;
  std::string rest = line.substr(line.find(head) + head.size());
  // "<pages> pages, loadavg: 0.12 0.05 0.01 1/123 4567"; pages is "?" where
  // the hook (the mark_victim tracepoint) cannot see the OOM control block.
  auto r = words(rest);
  ASSERT_EQ(r.size(), 8u) << line;
  if (r[0] != "?") {
    unsigned long pages = std::strtoul(r[0].c_str(), nullptr, 10);
    EXPECT_GE(pages, kLimitPages) << line;
    EXPECT_LE(pages, max_pages()) << line;
  }
  EXPECT_EQ(r[1], "pages,") << line;
  EXPECT_EQ(r[2], "loadavg:") << line;
  EXPECT_NE(r[6].find('/'), std::string::npos) << line;
}

void expect_clean_stop(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

const char kBanner[] = "Tracing OOM kills... Ctrl-C to stop.";

TEST(oomkill, NamesTriggerAndVictim) {
  MemoryCgroup cg;
  OOMKILL_REQUIRE_CGROUP(cg);
  ToolProcess t("oomkill", {});
  ASSERT_TRUE(t.wait_for_out(kBanner)) << t.describe();
  Victim v = run_hog(cg);
  expect_text_line(t, v);
  expect_clean_stop(t);
}

TEST(oomkill, JsonCarriesTheFields) {
  MemoryCgroup cg;
  OOMKILL_REQUIRE_CGROUP(cg);
  ToolProcess t("oomkill", {"--json", "--buffer", "perf"});
  ASSERT_TRUE(t.wait_for_err(kBanner)) << t.describe();
  Victim v = run_hog(cg);
  ASSERT_TRUE(t.wait_for_out(v.name)) << t.describe();
  expect_clean_stop(t);
  bool found = false;
  for (auto& j : parse_json_lines(t.out())) {
    if (j["victim_comm"].str != v.name) continue;
    found = true;
    EXPECT_EQ(j["victim_pid"].num, v.pid);
    EXPECT_EQ(j["trigger_pid"].num, v.pid);
    EXPECT_EQ(j["trigger_comm"].str, v.name);
    if (j["pages"].kind != JsonValue::Null) {
      EXPECT_GE(j["pages"].num, kLimitPages);
      EXPECT_LE(j["pages"].num, max_pages());
    }
    EXPECT_EQ(words(j["loadavg"].str).size(), 5u) << j["loadavg"].str;
    EXPECT_TRUE(is_hms(j["time"].str));
  }
  EXPECT_TRUE(found) << t.describe();
}

TEST(oomkill, EachAttachFlavour) {
  MemoryCgroup cg;
  OOMKILL_REQUIRE_CGROUP(cg);
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("oomkill", {"--attach", mode});
    ASSERT_TRUE(t.wait_for_out(kBanner)) << t.describe();
    Victim v = run_hog(cg);
    expect_text_line(t, v);
    expect_clean_stop(t);
  }
}

TEST(oomkill, UsageErrorsExit2) {
  expect_usage_errors("oomkill", {{"-p", "1"}, {"extra"}, {"--buffer", "pipe"}});
}

}  // namespace
