// Live tests for cachestat: a workload writes one byte into each of 16
// pages 1 MiB apart of a sparse file of its own (16 page-cache pages
// dirtied), writes them back, drops them from the cache and reads them again
// with readahead off (16 pages added, each read a miss), then once more
// (16 hits).  The counts are system wide, so the sums must be at least
// those; hits only where the kernel lets them be counted, and "-" with the
// one warning line where it does not.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <iostream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "file_workloads.h"
#include "gated_workload.h"
#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr int kPages = 16;
constexpr off_t kStride = 1 << 20;

// GATE READY FILE
CS_WORKLOAD(cachestat_pages) {
  if (!pass_workload_gate(args)) _exit(1);
  int fd = open(args.at(2).c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) _exit(2);
  char c = 'x';
  for (int i = 0; i < kPages; i++)
    if (pwrite(fd, &c, 1, i * kStride) != 1) _exit(3);
  if (fsync(fd) != 0 || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0 ||
      posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM) != 0)
    _exit(4);
  for (int pass = 0; pass < 2; pass++)
    for (int i = 0; i < kPages; i++)
      if (pread(fd, &c, 1, i * kStride) != 1) _exit(5);
  _exit(0);
}

const std::string kHeader = "    HITS   MISSES  DIRTIES HITRATIO   BUFFERS_MB  CACHED_MB";
const std::string kNoHits =
    "cachestat: warning: hits not counted: page-cache accesses have no tracepoint, and this "
    "kernel has neither fentry nor kprobes for folio_mark_accessed (HITS and HITRATIO show -)\n";
const std::string kNoHitsOld =
    "cachestat: warning: hits not counted: page-cache accesses have no tracepoint, and this "
    "kernel has neither fentry nor kprobes for mark_page_accessed (HITS and HITRATIO show -)\n";

struct Sums {
  long added = 0, dirtied = 0, accessed = 0, intervals = 0;
  bool hits = false, well_formed = true;
};

Sums sum_json(const std::string& out) {
  Sums s;
  for (const JsonValue& j : parse_json_lines(complete_lines(out))) {
    if (j["type"].str != "counts") continue;
    s.intervals++;
    s.added += static_cast<long>(j["added"].num);
    s.dirtied += static_cast<long>(j["dirtied"].num);
    bool counted = j["hits"].kind == JsonValue::Number;
    if (s.intervals > 1 && counted != s.hits) s.well_formed = false;
    s.hits = counted;
    if (counted) s.accessed += static_cast<long>(j["accessed"].num);
    else if (j["hit_ratio"].kind != JsonValue::Null || j["accessed"].kind != JsonValue::Null)
      s.well_formed = false;
    if (j["time"].str.size() != 8 || j["misses"].kind != JsonValue::Number) s.well_formed = false;
  }
  return s;
}

// Runs cachestat --json with args, releases the workload once the first
// interval shows, and waits until the sums reach what it did.
Sums run_workload(const std::vector<std::string>& extra) {
  std::string token = unique_token("cst");
  TempDir dir(token);
  GatedWorkload w("cachestat_pages", {dir / "pages"});
  EXPECT_TRUE(w.ready());
  std::vector<std::string> args{"--json"};
  args.insert(args.end(), extra.begin(), extra.end());
  ToolProcess t("cachestat", args);
  EXPECT_TRUE(t.wait_for_out("\"type\":\"counts\"")) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  EXPECT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    Sums s = sum_json(o);
    return s.added >= kPages && s.dirtied >= kPages && (!s.hits || s.accessed >= 2 * kPages);
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  Sums s = sum_json(t.out());
  EXPECT_TRUE(s.well_formed) << t.describe();
  bool warned = t.err() == kNoHits || t.err() == kNoHitsOld;
  EXPECT_EQ(warned, !s.hits) << t.describe();
  if (!s.hits) {
    EXPECT_NE(t.out().find("\"type\":\"warning\""), std::string::npos) << t.describe();
  }
  return s;
}

TEST(cachestat, CountsThePagesTheWorkloadAddedAndDirtied) {
  CS_REQUIRE_BPF();
  Sums s = run_workload({});
  EXPECT_GE(s.added, kPages);
  EXPECT_GE(s.dirtied, kPages);
  if (s.hits) {
    EXPECT_GE(s.accessed, 2 * kPages);
  }
}

// The tracepoint flavour has no access hook on any kernel: hits are "-".
TEST(cachestat, TracepointsAloneSayHitsAreNotCounted) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  Sums s = run_workload({"--attach", "tracepoint"});
  EXPECT_FALSE(s.hits);
  RunResult r = run_tool("cachestat", {"--attach", "tracepoint", "-T", "0.2", "2"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  EXPECT_TRUE(r.err == kNoHits || r.err == kNoHitsOld) << r.err;
  std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0], "TIME     " + kHeader);
  static const std::regex row(R"(^\d\d:\d\d:\d\d        - +\d+ +\d+        - +\d+ +\d+$)");
  for (size_t i = 1; i < lines.size(); i++) EXPECT_TRUE(std::regex_match(lines[i], row)) << lines[i];
}

// fentry: hits counted (the kernel has trampolines), or the one attach line.
TEST(cachestat, FentryCountsHitsOrSaysWhyNot) {
  CS_REQUIRE_BPF();
  RunResult probe = run_tool("cachestat", {"--attach", "fentry", "0.2", "1"});
  if (probe.exit.code == 1) {
    EXPECT_EQ(probe.err.rfind("cachestat: cannot attach on this kernel: fentry/", 0), 0u) << probe.err;
    EXPECT_EQ(lines_of(probe.err).size(), 1u) << probe.err;
    std::cout << "CS-EXPECTED-ERROR: " << probe.err;
    return;
  }
  ASSERT_EQ(probe.exit.code, 0) << probe.err;
  Sums s = run_workload({"--attach", "fentry"});
  EXPECT_TRUE(s.hits);
  EXPECT_GE(s.accessed, 2 * kPages);
  static const std::regex row(R"(^ +\d+ +\d+ +\d+ +\d+\.\d\d% +\d+ +\d+$)");
  std::vector<std::string> lines = lines_of(probe.out);
  ASSERT_EQ(lines.size(), 2u) << probe.out;
  EXPECT_EQ(lines[0], kHeader);
  EXPECT_TRUE(std::regex_match(lines[1], row)) << lines[1];
}

TEST(cachestat, UsageErrorsExit2) {
  expect_usage_errors("cachestat", {{"-T", "x"}, {"0"}, {"1", "0"}, {"1", "2", "3"}, {"-p", "1"}});
}

TEST(cachestat, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("cachestat");
}

}  // namespace
