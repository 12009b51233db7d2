// Live tests for cpufreq.  Where the kernel has no cpufreq (the VMs, this
// host), the tool must refuse in one line naming the missing directory;
// where it has one, it must print real histograms.  A busy thread named
// with a token of this run makes sure one process is sampled.
//
// Besides, CORESCOPE_SYSFS points the tool at a directory that stands in for
// /sys with scaling_cur_freq files written here: the frequencies come from
// the test, everything else (perf events, BPF sampling, per-process maps) is
// the real kernel's, so the whole sampling path runs on every kernel.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

// args: name.  Busy until killed (or, as a safety stop, after 90 s).
CS_WORKLOAD(cpufreq_spin) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  set_comm(args.at(0));
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  volatile unsigned long n = 0;
  while (std::chrono::steady_clock::now() < end)
    for (int j = 0; j < 100000; j++) n = n + 1;
  return 0;
}

struct Spinner {
  std::string name = unique_token("cf");
  pid_t pid = spawn_workload("cpufreq_spin", {name});
  ~Spinner() {
    kill(pid, SIGKILL);
    wait_workload(pid);
  }
};

bool dir_exists(const std::string& p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string first_online_cpu() {
  std::ifstream f("/sys/devices/system/cpu/online");
  std::string s;
  std::getline(f, s);
  size_t end = s.find_first_of("-,");
  return s.empty() ? "0" : s.substr(0, end);
}

const std::string kCpufreqDir = "/sys/devices/system/cpu/cpu" + first_online_cpu() + "/cpufreq";

// Samples in the linear histogram labelled `label` ("syswide" or a comm),
// per value in MHz.
std::map<uint64_t, uint64_t> hist_of(const std::string& out, const std::string& label) {
  std::map<uint64_t, uint64_t> r;
  std::istringstream in(out);
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    auto w = words(line);
    if (w.size() >= 4 && w[w.size() - 3] == ":" && w[w.size() - 2] == "count") {
      inside = line.rfind("     " + label + " ", 0) == 0;
    } else if (inside && w.size() >= 3 && w[1] == ":") {
      r[std::strtoull(w[0].c_str(), nullptr, 10)] += std::strtoull(w[2].c_str(), nullptr, 10);
    } else {
      inside = false;
    }
  }
  return r;
}

uint64_t total(const std::map<uint64_t, uint64_t>& h) {
  uint64_t t = 0;
  for (auto& [v, n] : h) t += n;
  return t;
}

TEST(cpufreq, RealCpufreqOrTheClearError) {
  CS_REQUIRE_BPF();
  Spinner w;
  RunResult r = run_tool("cpufreq", {"-d", "1"});
  ASSERT_TRUE(r.exit.exited) << r.err;
  if (!dir_exists(kCpufreqDir)) {
    EXPECT_EQ(r.exit.code, 1) << r.err;
    EXPECT_EQ(r.err, "cpufreq: cpufreq is not available on this system (no " + kCpufreqDir + ")\n");
    EXPECT_EQ(r.out, "");
    return;
  }
  EXPECT_EQ(r.exit.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("Sampling CPU freq system-wide & by process. Ctrl-C to end.\n", 0), 0u);
  EXPECT_GT(total(hist_of(r.out, "syswide")), 0u) << r.out;
  EXPECT_GT(total(hist_of(r.out, w.name)), 0u) << r.out;
}

// A stand-in for /sys: every online CPU at 2400 MHz.
class FakeSysfs {
 public:
  FakeSysfs() {
    char tmpl[] = "/tmp/cs-cpufreq-XXXXXX";
    root_ = mkdtemp(tmpl) ? tmpl : "";
    std::ifstream online("/sys/devices/system/cpu/online");
    std::string list;
    std::getline(online, list);
    std::istringstream parts(list);
    std::string part;
    while (std::getline(parts, part, ',')) {
      int a = std::atoi(part.c_str()), b = a;
      if (part.find('-') != std::string::npos) b = std::atoi(part.c_str() + part.find('-') + 1);
      for (int cpu = a; cpu <= b; cpu++) add(cpu);
    }
  }
  ~FakeSysfs() {
    for (auto it = made_.rbegin(); it != made_.rend(); ++it)
      if (unlink(it->c_str()) != 0) rmdir(it->c_str());
    rmdir(root_.c_str());
  }
  std::string env() const { return "CORESCOPE_SYSFS=" + root_; }

 private:
  void add(int cpu) {
    std::string d = root_;
    for (const std::string& part : std::vector<std::string>{"/devices", "/system", "/cpu",
                                                            "/cpu" + std::to_string(cpu), "/cpufreq"}) {
      d += part;
      if (mkdir(d.c_str(), 0755) == 0) made_.push_back(d);
    }
    std::ofstream(d + "/scaling_cur_freq") << "2400000\n";
    made_.push_back(d + "/scaling_cur_freq");
  }
  std::string root_;
  std::vector<std::string> made_;
};

TEST(cpufreq, SeededFrequenciesSampledSystemWideAndByProcess) {
  CS_REQUIRE_BPF();
  bool real = dir_exists(kCpufreqDir);  // then real frequency changes may override the seeds
  FakeSysfs sys;
  Spinner w;
  ToolProcess t("cpufreq", {"-f", "199"}, {sys.env()});
  ASSERT_TRUE(t.wait_for_out("Ctrl-C to end.\n")) << t.describe();
  {
    // A second instance with a duration proves samples were taken meanwhile.
    ToolProcess witness("cpufreq", {"-d", "0.3"}, {sys.env()});
    Exit e = witness.wait();
    ASSERT_TRUE(e.exited && e.code == 0) << witness.describe();
    EXPECT_GT(total(hist_of(witness.out(), w.name)), 0u) << witness.describe();
  }
  Exit e = t.stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  auto mine = hist_of(t.out(), w.name), all = hist_of(t.out(), "syswide");
  EXPECT_GT(total(mine), 0u) << t.describe();
  EXPECT_GE(total(all), total(mine)) << t.describe();
  if (!real) {
    EXPECT_EQ(mine.size(), 1u) << t.describe();
    EXPECT_EQ(mine.count(2400), 1u) << t.describe();
  }
  // Layout: per-process histograms, a blank line after each, then syswide.
  EXPECT_NE(t.out().find("\n\n\n     syswide       : count     distribution\n"), std::string::npos)
      << t.describe();
}

TEST(cpufreq, JsonAtTheEnd) {
  CS_REQUIRE_BPF();
  FakeSysfs sys;
  Spinner w;
  ToolProcess t("cpufreq", {"--json", "-d", "0.5"}, {sys.env()});
  Exit e = t.wait();
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.err().find("Sampling CPU freq"), std::string::npos) << t.err();
  auto lines = parse_json_lines(t.out());
  ASSERT_EQ(lines.size(), 1u) << t.out();
  const JsonValue& j = lines[0];
  EXPECT_EQ(j["unit"].str, "MHz");
  EXPECT_EQ(j["time"].kind, JsonValue::String);
  // The system-wide histogram is the last, its comm null.
  ASSERT_FALSE(j["hists"].items.empty()) << t.out();
  const JsonValue& all = j["hists"].items.back();
  EXPECT_TRUE(all.has("comm") && all["comm"].kind == JsonValue::Null) << t.out();
  EXPECT_FALSE(all["buckets"].items.empty()) << t.out();
  bool found = false;
  for (auto& p : j["hists"].items)
    if (p["comm"].str == w.name) {
      found = true;
      EXPECT_FALSE(p["buckets"].items.empty());
      for (auto& b : p["buckets"].items) {
        EXPECT_EQ(static_cast<uint64_t>(b["value"].num) % 200, 0u);
        EXPECT_GT(b["count"].num, 0);
      }
    }
  EXPECT_TRUE(found) << t.out();
}

TEST(cpufreq, UsageErrorsExit2) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"-d", "0"},
           {"-d", "x"},
           {"-f", "0"},
           {"-f", "99999999"},
           {"5"},
           {"-p", "1"},
           {"-c", "/nonexistent-cgroup"},
       }) {
    std::string joined;
    for (auto& a : args) joined += a + " ";
    SCOPED_TRACE(joined);
    RunResult r = run_tool("cpufreq", args);
    EXPECT_TRUE(r.exit.exited) << r.err;
    EXPECT_EQ(r.exit.code, 2) << r.err;
    EXPECT_NE(r.err.find("cpufreq: "), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

}  // namespace
