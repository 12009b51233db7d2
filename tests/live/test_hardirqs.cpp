// Live tests for hardirqs: the test makes its own disk interrupts (O_DIRECT
// reads, each one a request the disk completes with an interrupt) while the
// tool runs, and reads /proc/interrupts just before and after.  The kernel
// counts an interrupt there right before running its handlers, and the tool
// was attached before the first read and still is after the second: so for
// every handler name the tool must count at least what /proc/interrupts
// counted in between, on the CPUs it traces.
//
// The window opens after the tool's first interval summary, not right after
// its banner: on Linux 6.18 a tracepoint probe registered within a few
// hundred milliseconds of another probe's removal was seen to miss a few
// events at first (back-to-back tests do exactly that).
//
// The file is in $CORESCOPE_TEST_BLOCK_DIR, else under /var/tmp.  Where
// O_DIRECT is refused (tmpfs) the tests skip, or fail when CI=true.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "attach_modes.h"
#include "harness.h"
#include "irq_counts.h"
#include "irq_workloads.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing hard irq event time... Hit Ctrl-C to end.\n";
const char* const kCountBanner = "Tracing hard irq events... Hit Ctrl-C to end.\n";
constexpr int kReads = 64;
const char* const kInterval = "0.1";
constexpr size_t kBlock = 4096;
constexpr size_t kNameLen = 31;  // the tool keeps 31 bytes of a name

// hardirqs_dio PATH N [CPU]: N O_DIRECT 4 KiB reads of PATH, each waited
// for, from CPU when given (a multi-queue disk then interrupts that CPU).
CS_WORKLOAD(hardirqs_dio) {
  if (args.size() > 2 && !pin_to_cpu(std::stoi(args[2]))) return 4;
  int fd = open(args.at(0).c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
  int n = std::stoi(args.at(1));
  void* buf = nullptr;
  if (fd < 0 || posix_memalign(&buf, kBlock, kBlock)) return 2;
  for (int i = 0; i < n; i++)
    if (pread(fd, buf, kBlock, static_cast<off_t>(i % 16) * kBlock) != ssize_t{kBlock}) return 3;
  free(buf);
  close(fd);
  return 0;
}

// A 64 KiB file written with O_DIRECT in a block-backed directory.
struct DiskFile {
  std::string dir, path, why_not;
  DiskFile() {
    const char* env = std::getenv("CORESCOPE_TEST_BLOCK_DIR");
    std::string base = env && *env ? env : "/var/tmp";
    std::string tmpl = base + "/corescope-hardirqs-XXXXXX";
    if (!mkdtemp(tmpl.data())) {
      why_not = "cannot create a directory in " + base + ": " + std::strerror(errno);
      return;
    }
    dir = tmpl;
    path = dir + "/data";
    int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_DIRECT | O_CLOEXEC, 0600);
    void* buf = nullptr;
    bool ok = fd >= 0 && posix_memalign(&buf, kBlock, kBlock) == 0;
    if (ok) std::memset(buf, 0x5a, kBlock);
    for (int i = 0; ok && i < 16; i++)
      ok = pwrite(fd, buf, kBlock, static_cast<off_t>(i) * kBlock) == ssize_t{kBlock};
    ok = ok && fdatasync(fd) == 0;
    int err = errno;
    free(buf);
    if (fd >= 0) close(fd);
    if (!ok)
      why_not = "O_DIRECT I/O is refused in " + base + " (" + std::strerror(err) +
                "; tmpfs?): set CORESCOPE_TEST_BLOCK_DIR to a directory on a block device";
  }
  ~DiskFile() {
    if (!path.empty()) unlink(path.c_str());
    if (!dir.empty()) rmdir(dir.c_str());
  }
};

#define CS_REQUIRE_DISK_FILE(f)                   \
  do {                                            \
    CS_REQUIRE_BPF();                             \
    if (!(f).why_not.empty()) {                   \
      if (::cstest::in_ci()) FAIL() << (f).why_not; \
      GTEST_SKIP() << (f).why_not;                \
    }                                             \
  } while (0)

// /proc/interrupts: per handler name (cut to what the tool keeps), the
// counts per CPU of the numbered lines it is on.  Every handler of a shared
// line runs on each of its interrupts, so each name gets the line's counts.
using IrqCounts = CpuCounts;

IrqCounts read_interrupts() {
  IrqCounts r;
  std::ifstream in("/proc/interrupts");
  std::string line;
  std::getline(in, line);
  std::istringstream head(line);
  size_t cpus = 0;
  for (std::string w; head >> w;) cpus++;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string irq, chip, hwirq;
    f >> irq;
    if (irq.size() < 2 || irq.find_first_not_of("0123456789") != irq.size() - 1) continue;
    std::vector<uint64_t> per_cpu(cpus);
    for (auto& v : per_cpu) f >> v;
    if (!(f >> chip >> hwirq)) continue;
    std::string names;
    std::getline(f, names);
    for (size_t pos = names.find_first_not_of(' '); pos < names.size();) {
      size_t end = names.find(", ", pos);
      std::string name = names.substr(pos, end == std::string::npos ? end : end - pos);
      auto& sum = r[name.substr(0, kNameLen)];
      sum.resize(cpus);
      for (size_t i = 0; i < cpus; i++) sum[i] += per_cpu[i];
      pos = end == std::string::npos ? end : end + 2;
    }
  }
  return r;
}

// Runs the tool with 0.1 s intervals around kReads reads.
void trace_reads(const DiskFile& f, std::vector<std::string> args, const char* banner, Traced& t,
                 int cpu = -1) {
  std::vector<std::string> work{f.path, std::to_string(kReads)};
  if (cpu >= 0) work.push_back(std::to_string(cpu));
  trace_around("hardirqs", args, banner, read_interrupts,
               [&] { ASSERT_EQ(run_workload("hardirqs_dio", work), 0); }, t);
}

// The summaries' rows, summed: "NAME   N" under the HARDIRQ header (names
// without spaces, as /proc/interrupts lists them).
std::map<std::string, uint64_t> text_rows(const std::string& out, const std::string& header) {
  std::map<std::string, uint64_t> r;
  for (const TableRow& row : table_rows(out, header)) r[row.name] += row.values[0];
  return r;
}

// The JSON summaries' "hardirqs" (or "hists") rows, summed: name -> field.
std::map<std::string, uint64_t> json_rows(const std::string& out, const std::string& field,
                                          JsonValue* summary = nullptr) {
  return cstest::json_rows(out, "hardirqs", "hardirq", field, summary);
}

// Every handler the disk (or anything else) ran in the inner window was
// counted at least that often; the workload made some.
void expect_counted(const std::map<std::string, uint64_t>& tool,
                    const std::map<std::string, uint64_t>& proc, const std::string& what) {
  EXPECT_FALSE(proc.empty()) << "no interrupt in /proc/interrupts during the reads";
  for (auto& [name, n] : proc) {
    auto it = tool.find(name);
    uint64_t seen = it == tool.end() ? 0 : it->second;
    EXPECT_GE(seen, n) << name << "\ntool: " << dump(tool) << "\n/proc/interrupts: " << dump(proc)
                       << "\n" << what;
  }
}

TEST(hardirqs, CountsWhatProcInterruptsCounts) {
  DiskFile f;
  CS_REQUIRE_DISK_FILE(f);
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_reads(f, {"-C"}, kCountBanner, t));
  EXPECT_EQ(t.tool->out().rfind(kCountBanner, 0), 0u) << t.tool->describe();
  std::string header = "HARDIRQ                    TOTAL_count";
  expect_counted(text_rows(t.tool->out(), header), delta(t.inner_a, t.inner_b), t.tool->describe());
}

TEST(hardirqs, TimesHandlersByDefault) {
  DiskFile f;
  CS_REQUIRE_DISK_FILE(f);
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_reads(f, {"-N", "--json"}, kBanner, t));
  EXPECT_EQ(t.tool->out().find("Tracing"), std::string::npos) << "banner belongs on stderr";
  JsonValue summary;
  auto counts = json_rows(t.tool->out(), "count", &summary);
  auto totals = json_rows(t.tool->out(), "total");
  EXPECT_EQ(summary["unit"].str, "nsecs");
  auto proc = delta(t.inner_a, t.inner_b);
  expect_counted(counts, proc, t.tool->describe());
  for (auto& [name, n] : proc) EXPECT_GT(totals[name], 0u) << name << ": ran but took no time";
}

TEST(hardirqs, TextTableInMicroseconds) {
  DiskFile f;
  CS_REQUIRE_DISK_FILE(f);
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_reads(f, {}, kBanner, t));
  std::string out = t.tool->out();
  EXPECT_EQ(out.rfind(std::string(kBanner) + "\nHARDIRQ                    TOTAL_usecs\n", 0), 0u)
      << out;
  auto rows = text_rows(out, "HARDIRQ                    TOTAL_usecs");
  // Each row lines up with libbpf-tools' "%-26s %11llu".
  for (auto& line : t.tool->out_lines()) {
    std::string name = line.substr(0, line.find(' '));
    if (rows.count(name) && name.size() < 26) {
      EXPECT_EQ(line.size(), 38u) << line;
    }
  }
  for (auto& [name, n] : delta(t.inner_a, t.inner_b)) EXPECT_TRUE(rows.count(name)) << name << out;
}

// -d: "hardirq = NAME" then its histogram, whose counts add up to at least
// the handler runs /proc/interrupts saw.
TEST(hardirqs, DistributionPerHandler) {
  DiskFile f;
  CS_REQUIRE_DISK_FILE(f);
  Traced t;
  ASSERT_NO_FATAL_FAILURE(trace_reads(f, {"-d"}, kBanner, t));
  std::map<std::string, uint64_t> sums;
  std::string current;
  std::istringstream in(t.tool->out());
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("hardirq = ", 0) == 0) {
      current = line.substr(10);
      ASSERT_TRUE(std::getline(in, line));
      EXPECT_EQ(line, "     usecs               : count    distribution");
    } else if (line.find(" -> ") != std::string::npos && !current.empty()) {
      sums[current] += std::stoull(line.substr(line.find(" : ") + 3));
    }
  }
  expect_counted(sums, delta(t.inner_a, t.inner_b), t.tool->describe());
  EXPECT_EQ(t.tool->out().find("TOTAL_"), std::string::npos);
}

// -s CPU: at least the runs /proc/interrupts counted on that CPU while
// attached, and only handlers that ran there at all while the tool lived.
// The reads run on the CPU under test: a multi-queue disk interrupts the
// submitting CPU, a single-queue one a fixed CPU (one of the two runs).
TEST(hardirqs, CpuFilterCountsOnlyThatCpu) {
  DiskFile f;
  CS_REQUIRE_DISK_FILE(f);
  long cpus = sysconf(_SC_NPROCESSORS_CONF);
  bool any_inner = false;
  std::string seen;
  for (int cpu = 0; cpu < std::min<long>(cpus, 2); cpu++) {
    SCOPED_TRACE("cpu " + std::to_string(cpu));
    Traced t;
    ASSERT_NO_FATAL_FAILURE(trace_reads(f, {"-C", "--json", "-s", std::to_string(cpu)},
                                        kCountBanner, t, cpu));
    auto tool = json_rows(t.tool->out(), "count");
    auto inner = delta(t.inner_a, t.inner_b, cpu), outer = delta(t.outer_a, t.outer_b, cpu);
    any_inner = any_inner || !inner.empty();
    seen += "cpu " + std::to_string(cpu) + ": " + dump(delta(t.inner_a, t.inner_b)) + "\n";
    for (auto& [name, n] : inner) EXPECT_GE(tool[name], n) << name << " " << t.tool->describe();
    for (auto& [name, n] : tool)
      EXPECT_TRUE(outer.count(name)) << name << " never ran on cpu " << cpu << ": " << dump(outer)
                                     << t.tool->describe();
  }
  EXPECT_TRUE(any_inner) << "the reads interrupted no CPU; all CPUs:\n" << seen;
}

TEST(hardirqs, EachAttachFlavour) {
  DiskFile f;
  CS_REQUIRE_DISK_FILE(f);
  ASSERT_TRUE(ensure_tracefs());
  IrqCounts a, b;
  AttachSteps steps;
  steps.args = {"--json", kInterval};  // without -C, so the exit programs are loaded too
  steps.ready = [](const std::string&, const std::string& e) {
    return e.find("Hit Ctrl-C") != std::string::npos;
  };
  steps.running = [&](ToolProcess& t) {
    ASSERT_TRUE(first_summary(t, true, "")) << t.describe();
    a = read_interrupts();
    ASSERT_EQ(run_workload("hardirqs_dio", {f.path, std::to_string(kReads)}), 0);
    b = read_interrupts();
    settle_cpus();
  };
  steps.stopped = [&](ToolProcess& t) {
    expect_counted(json_rows(t.out(), "count"), delta(a, b), t.describe());
  };
  each_attach_mode("hardirqs", steps);
}

TEST(hardirqs, IntervalsWithTimestampsEndByThemselves) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("hardirqs", {"-T", "-C", "0.3", "2"});
  ASSERT_TRUE(r.exit.exited) << r.out << r.err;
  EXPECT_EQ(r.exit.code, 0) << r.err;
  EXPECT_EQ(hms_lines(r.out), 2) << r.out;
  auto lines = lines_of(r.out);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "HARDIRQ                    TOTAL_count"), 2) << r.out;
}

TEST(hardirqs, JsonIntervalsEndByThemselves) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("hardirqs", {"--json", "-d", "0.2", "3"});
  ASSERT_EQ(r.exit.code, 0) << r.err;
  auto lines = parse_json_lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  for (auto& j : lines) {
    EXPECT_EQ(j["unit"].str, "usecs");
    EXPECT_EQ(j["hists"].kind, JsonValue::Array) << r.out;
    for (auto& h : j["hists"].items) {
      double sum = 0;
      for (auto& b : h["buckets"].items) sum += b["count"].num;
      EXPECT_EQ(sum, h["count"].num) << r.out;
    }
  }
}

TEST(hardirqs, UsageErrorsExit2) {
  expect_usage_errors("hardirqs", {
      {"-C", "-d"},
      {"-C", "-N"},
      {"-s", "abc"},
      {"-s", "100000"},
      {"-s", "-1"},
      {"-c", "/nonexistent-cgroup"},
      {"--attach", "kprobe"},
  });
  expect_bad_interval_args("hardirqs");
}

TEST(hardirqs, TracepointsWithoutTracefsExplainTheFix) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("hardirqs");
}

TEST(hardirqs, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("hardirqs");
}

}  // namespace
