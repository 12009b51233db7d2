// Live tests for biostacks: O_DIRECT reads on a disk of our own
// (idle_disk.h) by a process with a unique name; its histograms hold
// exactly those reads, under its pid, the disk and a stack through pread.
#include <gtest/gtest.h>

#include <sstream>

#include "harness.h"
#include "idle_disk.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing block I/O with init stacks. Hit Ctrl-C to end.";
const std::vector<DirectReads> kReads = {{8, 4}, {4, 16, 1024}};
constexpr uint64_t kRequests = 12;

// One histogram of the text: "comm pid disk", the frames, the buckets.
struct Section {
  std::string comm, disk, unit;
  uint32_t pid = 0;
  std::vector<std::string> frames;
  uint64_t count = 0;
};

std::vector<Section> parse_text(const std::string& text) {
  std::vector<Section> r;
  bool in_frames = false;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    uint64_t lo, hi, n;
    char unit[16];
    if (line.empty() || line == kBanner) {
      in_frames = false;
    } else if (std::sscanf(line.c_str(), " %15s : count distribution", unit) == 1 &&
               line.find(" : count    distribution") != std::string::npos) {
      if (!r.empty()) r.back().unit = unit;
      in_frames = false;
    } else if (std::sscanf(line.c_str(), " %lu -> %lu : %lu", &lo, &hi, &n) == 3) {
      if (!r.empty()) r.back().count += n;
    } else if (in_frames) {
      r.back().frames.push_back(line);
    } else {
      Section s;
      std::istringstream f(line.substr(std::min<size_t>(15, line.size())));
      s.comm = line.substr(0, line.find(' '));
      f >> s.pid >> s.disk;
      r.push_back(s);
      in_frames = true;
    }
  }
  return r;
}

bool through_pread(const std::vector<std::string>& frames) {
  for (auto& f : frames)
    if (f.find("pread64") != std::string::npos) return true;
  return false;
}

// Starts biostacks with args, makes kReads as `comm`, stops it; the reader's pid.
pid_t trace_reads(const IdleDisk& d, const std::string& comm, std::vector<std::string> args,
                  std::unique_ptr<ToolProcess>& tool) {
  tool = std::make_unique<ToolProcess>("biostacks", args);
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  EXPECT_TRUE(json ? tool->wait_for_err(kBanner) : tool->wait_for_out(kBanner))
      << tool->describe();
  pid_t pid = spawn_direct_reads(d.dev, comm, kReads);
  EXPECT_EQ(wait_workload(pid), 0) << d.dev;
  Exit e = tool->stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << tool->describe();
  return pid;
}

// Our sections: every one under our pid, our disk, through pread; the
// counts add up to our reads.
void expect_ours(const std::string& out, const std::string& comm, pid_t pid, const IdleDisk& d,
                 const std::string& unit, const std::string& why) {
  uint64_t n = 0;
  for (auto& s : parse_text(out)) {
    if (s.comm != comm) continue;
    EXPECT_EQ(s.pid, static_cast<uint32_t>(pid)) << why;
    EXPECT_EQ(s.disk, d.name) << why;
    EXPECT_EQ(s.unit, unit) << why;
    EXPECT_TRUE(through_pread(s.frames)) << why;
    EXPECT_FALSE(s.frames.empty() || s.frames[0].rfind("bpf_", 0) == 0) << "tracer frames: " << why;
    n += s.count;
  }
  EXPECT_EQ(n, kRequests) << why;
}

TEST(biostacks, HistogramPerInitStack) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::string comm = unique_token("bstk");
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_reads(d, comm, {"-d", d.name}, tool);
  ASSERT_FALSE(::testing::Test::HasFailure());
  EXPECT_EQ(tool->out_lines().at(0), kBanner);
  expect_ours(tool->out(), comm, pid, d, "usecs", tool->describe());
  // libbpf-tools' first line of a histogram: "%-14.14s %-6d %-7s".
  char head[64];
  std::snprintf(head, sizeof head, "\n%-14.14s %-6d %-7s\n", comm.c_str(), pid, d.name.c_str());
  EXPECT_NE(tool->out().find(head), std::string::npos) << tool->describe();
}

TEST(biostacks, MillisecondsAndDiskFilter) {
  IdleDisk d, other;
  CS_REQUIRE_IDLE_DISK(d);
  std::string comm = unique_token("bstk");
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_reads(d, comm, {"-m"}, tool);
  expect_ours(tool->out(), comm, pid, d, "msecs", tool->describe());
  if (!other.why_not.empty() || other.name == d.name) GTEST_SKIP() << "no second idle disk";
  trace_reads(d, comm, {"-d", other.name}, tool);
  for (auto& s : parse_text(tool->out())) EXPECT_NE(s.comm, comm) << tool->describe();
}

TEST(biostacks, JsonHistogramsWithStacks) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::string comm = unique_token("bstk");
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_reads(d, comm, {"--json", "-d", d.name}, tool);
  EXPECT_EQ(tool->out().find(kBanner), std::string::npos) << "banner belongs on stderr";
  auto lines = parse_json_lines(tool->out());
  ASSERT_EQ(lines.size(), 1u) << tool->out();
  EXPECT_EQ(lines[0]["unit"].str, "usecs");
  double n = 0;
  for (auto& h : lines[0]["hists"].items) {
    if (h["comm"].str != comm) continue;
    EXPECT_EQ(h["pid"].num, pid);
    EXPECT_EQ(h["disk"].str, d.name);
    std::vector<std::string> frames;
    for (auto& f : h["kstack"].items) frames.push_back(f.str);
    EXPECT_TRUE(through_pread(frames)) << tool->out();
    double sum = 0;
    for (auto& b : h["buckets"].items) sum += b["count"].num;
    EXPECT_EQ(sum, h["count"].num);
    n += sum;
  }
  EXPECT_EQ(n, kRequests) << tool->out();
}

// Each --attach mode the kernel offers: its hooks (tracepoints, or the
// accounting functions by fentry or kprobe) see our reads the same way.
TEST(biostacks, EachAttachFlavour) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  ASSERT_TRUE(ensure_tracefs());
  int ran = 0;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    std::string comm = unique_token("bstk");
    ToolProcess t("biostacks", {"--attach", mode, "-v", "-d", d.name});
    if (!t.wait_for_out(kBanner)) {
      Exit e = t.wait();
      ASSERT_TRUE(e.exited && e.code == 1) << t.describe();
      ASSERT_NE(t.err().find("cannot attach on this kernel"), std::string::npos) << t.describe();
      std::printf("[ NOTE     ] --attach %s: not offered here\n", mode.c_str());
      continue;
    }
    ran++;
    pid_t pid = spawn_direct_reads(d.dev, comm, kReads);
    ASSERT_EQ(wait_workload(pid), 0);
    Exit e = t.stop(SIGINT);
    EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
    expect_ours(t.out(), comm, pid, d, "usecs", t.describe());
  }
  EXPECT_GE(ran, 1);
}

TEST(biostacks, DurationEndsByItself) {
  CS_REQUIRE_BPF();
  ToolProcess t("biostacks", {"0.5"});
  Exit e = t.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out_lines().at(0), kBanner);
}

TEST(biostacks, UsageErrorsExit2) {
  expect_usage_errors("biostacks", {{"-d", "nosuchdisk"}, {"-d"}, {"0"}, {"abc"}, {"1", "2"},
                                    {"--attach", "sideways"}});
}

TEST(biostacks, HelpListsEveryFlag) {
  RunResult h = run_tool("biostacks", {"--help"});
  for (const char* flag : {"-d", "-m", "--json", "duration"})
    EXPECT_NE(h.out.find(flag), std::string::npos) << flag;
}

TEST(biostacks, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("biostacks");
}

TEST(biostacks, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("biostacks");
}

}  // namespace
