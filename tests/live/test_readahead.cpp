// Live tests for readahead: a process of ours reads 32 pages ahead of a file
// whose pages are not cached (readahead(2)), then reads 16 of them; with -p
// its pid, the tool counts exactly those.  Where the kernel lacks the page
// cache tracepoints the tool needs, the test asserts its one-line error.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

#include "gated_workload.h"
#include "harness.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing fs read-ahead ... Hit Ctrl-C to end.";
constexpr long kPage = 4096, kAhead = 32, kUsed = 16;

// readahead_pages GATE READY PATH: reads kAhead pages ahead, then kUsed.
CS_WORKLOAD(readahead_pages) {
  int fd = open(args.at(2).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || !pass_workload_gate(args)) return 2;
  if (readahead(fd, 0, kAhead * kPage) != 0) return 3;
  // No more read-ahead from here: the reads below find their pages cached.
  posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
  // One page a read: each is marked accessed where the kernel marks only a
  // read's first folio (6.x), and asked for by the read's own range.
  std::vector<char> buf(kPage);
  for (long i = 0; i < kUsed; i++)
    if (pread(fd, buf.data(), kPage, i * kPage) != kPage) return 4;
  close(fd);
  return 0;
}

// Why readahead cannot run here ("" when it can): its one-line error.
std::string cannot_run() {
  RunResult r = run_tool("readahead", {"-d", "0.01"});
  return r.exit.exited && r.exit.code == 0 ? "" : r.err;
}

// A 1 MiB file on a block device, written and dropped from the page cache.
struct ColdFile {
  std::string path, why_not;
  ColdFile() {
    const char* env = std::getenv("CORESCOPE_TEST_BLOCK_DIR");
    path = std::string(env && *env ? env : "/var/tmp") + "/" + unique_token("csra");
    int fd = open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    std::vector<char> data(1 << 20, 'r');
    if (fd < 0 || write(fd, data.data(), data.size()) != static_cast<ssize_t>(data.size()) ||
        fsync(fd) != 0 || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0)
      why_not = "cannot make a cold file " + path + ": " + std::strerror(errno);
    if (fd >= 0) close(fd);
  }
  ~ColdFile() { unlink(path.c_str()); }
};

#define CS_REQUIRE_READAHEAD()                                                          \
  do {                                                                                  \
    CS_REQUIRE_BPF();                                                                   \
    ASSERT_TRUE(ensure_tracefs());                                                      \
    if (std::string m = cannot_run(); !m.empty())                                       \
      GTEST_SKIP() << m << " (ExitsWithOneLineWithoutHooks)";                           \
  } while (0)

struct Summary {
  long unused = -1, total = -1;
  uint64_t count = 0;
  bool header = false;
};

Summary parse_text(const std::string& text) {
  Summary s;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    uint64_t lo, hi, n;
    if (std::sscanf(line.c_str(), "Readahead unused/total pages: %ld/%ld", &s.unused, &s.total) == 2)
      continue;
    if (line == "     msecs               : count    distribution") s.header = true;
    if (std::sscanf(line.c_str(), " %lu -> %lu : %lu", &lo, &hi, &n) == 3) s.count += n;
  }
  return s;
}

// Runs readahead -p WORKLOAD (and args) around the workload's reads.
void trace_workload(const ColdFile& f, std::vector<std::string> args,
                    std::unique_ptr<ToolProcess>& tool) {
  GatedWorkload w("readahead_pages", {f.path});
  ASSERT_TRUE(w.ready());
  args.insert(args.begin(), {"-p", std::to_string(w.pid())});
  tool = std::make_unique<ToolProcess>("readahead", args);
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  ASSERT_TRUE(json ? tool->wait_for_err(kBanner) : tool->wait_for_out(kBanner)) << tool->describe();
  w.open();
  ASSERT_EQ(w.wait(), 0);
  Exit e = tool->stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << tool->describe();
}

TEST(readahead, CountsUnusedPagesAndAgeOfUsed) {
  CS_REQUIRE_READAHEAD();
  ColdFile f;
  ASSERT_EQ(f.why_not, "");
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_workload(f, {}, tool));
  EXPECT_EQ(tool->out_lines().at(0), kBanner);
  EXPECT_NE(tool->out().find("\n\nReadahead unused/total pages: " + std::to_string(kAhead - kUsed) +
                             "/" + std::to_string(kAhead) + "\n"),
            std::string::npos)
      << tool->describe();
  Summary s = parse_text(tool->out());
  EXPECT_TRUE(s.header) << tool->describe();
  EXPECT_EQ(s.count, static_cast<uint64_t>(kUsed)) << tool->describe();
}

TEST(readahead, JsonSummary) {
  CS_REQUIRE_READAHEAD();
  ColdFile f;
  ASSERT_EQ(f.why_not, "");
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_workload(f, {"--json"}, tool));
  EXPECT_EQ(tool->out().find(kBanner), std::string::npos) << "banner belongs on stderr";
  auto lines = parse_json_lines(tool->out());
  ASSERT_EQ(lines.size(), 1u) << tool->out();
  EXPECT_EQ(lines[0]["unit"].str, "msecs");
  EXPECT_EQ(lines[0]["unused"].num, kAhead - kUsed);
  EXPECT_EQ(lines[0]["total"].num, kAhead);
  double n = 0;
  for (auto& h : lines[0]["hists"].items)
    for (auto& b : h["buckets"].items) n += b["count"].num;
  EXPECT_EQ(n, kUsed) << tool->out();
}

// Each hook type the kernel offers counts the same pages.
TEST(readahead, EachAttachFlavour) {
  CS_REQUIRE_READAHEAD();
  int ran = 0;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    RunResult probe = run_tool("readahead", {"--attach", mode, "-d", "0.01"});
    if (probe.exit.code != 0) {  // a hook type this kernel (or its family of hooks) lacks
      EXPECT_TRUE(probe.exit.code == 1 || probe.exit.code == 2) << probe.err;
      std::printf("[ NOTE     ] --attach %s: %s", mode.c_str(), probe.err.c_str());
      continue;
    }
    ran++;
    ColdFile f;
    ASSERT_EQ(f.why_not, "");
    std::unique_ptr<ToolProcess> tool;
    ASSERT_NO_FATAL_FAILURE(trace_workload(f, {"--attach", mode, "-v"}, tool));
    Summary s = parse_text(tool->out());
    EXPECT_EQ(s.unused, kAhead - kUsed) << tool->describe();
    EXPECT_EQ(s.total, kAhead) << tool->describe();
    EXPECT_EQ(s.count, static_cast<uint64_t>(kUsed)) << tool->describe();
    EXPECT_NE(tool->err().find(": using "), std::string::npos) << tool->describe();
  }
  EXPECT_GE(ran, 1);
}

// -p another process: none of the workload's read-ahead.
TEST(readahead, PidFilterLeavesOutOthers) {
  CS_REQUIRE_READAHEAD();
  ColdFile f;
  ASSERT_EQ(f.why_not, "");
  GatedWorkload w("readahead_pages", {f.path});
  ASSERT_TRUE(w.ready());
  ToolProcess tool("readahead", {"-p", std::to_string(getpid())});
  ASSERT_TRUE(tool.wait_for_out(kBanner)) << tool.describe();
  w.open();
  ASSERT_EQ(w.wait(), 0);
  EXPECT_EQ(tool.stop(SIGINT).code, 0);
  EXPECT_EQ(parse_text(tool.out()).total, 0) << tool.describe();
}

TEST(readahead, DurationEndsByItself) {
  CS_REQUIRE_READAHEAD();
  ToolProcess t("readahead", {"-d", "0.5"});
  Exit e = t.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_GE(parse_text(t.out()).total, 0) << t.describe();
}

// Where the kernel has neither the tracepoints nor hooks for the
// functions: exit 1, one line (none of the matrix's kernels is so).
TEST(readahead, ExitsWithOneLineWithoutHooks) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  std::string why = cannot_run();
  if (why.empty()) GTEST_SKIP() << "readahead runs on this kernel";
  RunResult r = run_tool("readahead", {"-d", "1"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << r.err;
  EXPECT_EQ(lines_of(r.err).size(), 1u) << r.err;
  EXPECT_TRUE(r.err.rfind("readahead: this kernel has no ", 0) == 0 ||
              r.err.rfind("readahead: cannot attach on this kernel: ", 0) == 0)
      << r.err;
  EXPECT_EQ(r.out, "");
  std::printf("CS-EXPECTED-ERROR: %s", r.err.c_str());
}

TEST(readahead, UsageErrorsExit2) {
  expect_usage_errors("readahead", {{"-d", "0"}, {"-d", "x"}, {"-d"}, {"1"}, {"-p", "x"}});
}

TEST(readahead, HelpListsEveryFlag) {
  RunResult h = run_tool("readahead", {"--help"});
  for (const char* flag : {"-d", "-p", "--json"}) EXPECT_NE(h.out.find(flag), std::string::npos) << flag;
}

TEST(readahead, NotRootExplainsAndExits1) {
  CS_REQUIRE_READAHEAD();
  expect_unprivileged_refusal("readahead");
}

TEST(readahead, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_READAHEAD();
  // Where the functions stand in, there are no tracepoint programs to need tracefs.
  if (access("/sys/kernel/tracing/events/readahead/page_cache_ra_unbounded", F_OK) != 0)
    GTEST_SKIP() << "no readahead tracepoints here";
  expect_tracefs_hint("readahead");
}

}  // namespace
