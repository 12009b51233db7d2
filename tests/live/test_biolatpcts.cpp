// Live tests for biolatpcts: O_DIRECT writes and reads of known number on a
// disk of the test's own (own_disk.h); the JSON rows must count exactly those
// per operation, with percentiles that grow with the percentage and a latency
// that is plausible; the text has bcc's layout.
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness.h"
#include "own_disk.h"

using namespace cstest;

namespace {

constexpr int kCount = 8;
constexpr uint32_t kBytes = 4096;

std::string devno(const OwnDisk& d) {
  struct stat st{};
  stat(d.path.c_str(), &st);
  return std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev));
}

TEST(biolatpcts, JsonCountsOwnIosAndOrderedPercentiles) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  ToolProcess t("biolatpcts", {"--json", "-i", "0.3", devno(d)});
  ASSERT_TRUE(t.wait_for_out("\"type\":\"table\"")) << t.describe();
  ASSERT_EQ(run_workload("block_io", own_io_args(d, 8192, kCount, kBytes, true)), 0);
  // Two more reports: the last completion is in one of them.
  size_t before = lines_of(complete_lines(t.out())).size();
  t.wait_until([&](const std::string& o, const std::string&) {
    return lines_of(complete_lines(o)).size() >= before + 2;
  });
  Exit e = t.stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  std::map<std::string, double> count;
  for (auto& j : parse_json_lines(t.out())) {
    ASSERT_EQ(j["type"].str, "table") << t.describe();
    std::map<std::string, double> last;  // the previous percentile's latency, per op
    std::map<std::string, bool> counted;
    for (auto& r : j["rows"].items) {
      const std::string& op = r["op"].str;
      if (!counted[op]) count[op] += r["count"].num;
      counted[op] = true;
      EXPECT_GE(r["lat_s"].num, last[op]) << "percentiles in order\n" << t.describe();
      last[op] = r["lat_s"].num;
      if (r["count"].num > 0) {
        EXPECT_GT(r["lat_s"].num, 0) << t.describe();
        EXPECT_LT(r["lat_s"].num, 60) << t.describe();
      }
    }
  }
  EXPECT_EQ(count["write"], kCount) << t.describe();
  EXPECT_EQ(count["read"], kCount) << t.describe();
}

TEST(biolatpcts, TextLayoutWithChosenPercentiles) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  std::string dev = devno(d);
  ToolProcess t("biolatpcts", {"-i", "0.3", "-p", "50,99.9", dev});
  ASSERT_TRUE(t.wait_for_out("flush")) << t.describe();
  ASSERT_EQ(run_workload("block_io", own_io_args(d, 8192, kCount, kBytes, false)), 0);
  t.wait_until([&](const std::string& o, const std::string&) {
    for (auto& l : lines_of(complete_lines(o)))
      if (l.rfind("write   ", 0) == 0 && l.find('-') == std::string::npos) return true;
    return false;
  });
  Exit e = t.stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  char head[64];
  std::snprintf(head, sizeof head, "%-7s %5s %5s", dev.c_str(), "p50", "p99.9");
  auto lines = t.out_lines();
  ASSERT_GE(lines.size(), 6u) << t.describe();
  EXPECT_EQ(lines[0], "");
  EXPECT_EQ(lines[1], head) << t.describe();
  EXPECT_EQ(lines[2].rfind("read    ", 0), 0u) << t.describe();
  EXPECT_EQ(lines[5].rfind("flush   ", 0), 0u) << t.describe();
  bool seen = false;
  for (auto& l : lines)
    if (l.rfind("write   ", 0) == 0 && l.find('-') == std::string::npos) {
      seen = true;
      EXPECT_TRUE(l.find("us") != std::string::npos || l.find("ms") != std::string::npos) << l;
    }
  EXPECT_TRUE(seen) << t.describe();
}

TEST(biolatpcts, BadDeviceAndPercentileAreUsageErrors) {
  RunResult r = run_tool("biolatpcts", {"4095:4095"});
  EXPECT_EQ(r.exit.code, 2) << r.err;
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "biolatpcts: unknown block device 4095:4095 (see /proc/partitions)");
  RunResult p = run_tool("biolatpcts", {"-p", "101", "vda"});
  EXPECT_EQ(p.exit.code, 2) << p.err;
  RunResult none = run_tool("biolatpcts", {});
  EXPECT_EQ(none.exit.code, 2) << none.err;
}

TEST(biolatpcts, AllocTimesNeedTheRequest) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("biolatpcts", {"--attach", "tracepoint", "-w", "after-rq-alloc", "vda"},
                         std::chrono::seconds(20));
  if (r.err.find("cannot attach on this kernel") != std::string::npos) GTEST_SKIP() << r.err;
  EXPECT_EQ(r.exit.code, 1) << r.err;
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "biolatpcts: -w after-rq-alloc reads the request's own times, which classic "
            "tracepoints do not carry: use tp_btf or raw_tp (--attach fentry or raw)");
}

TEST(biolatpcts, AfterRqAllocCountsOwnIos) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  ToolProcess t("biolatpcts", {"--json", "-w", "after-rq-alloc", "-i", "0.3", devno(d)});
  ASSERT_TRUE(t.wait_for_out("\"type\":\"table\"")) << t.describe();
  ASSERT_EQ(run_workload("block_io", own_io_args(d, 8192, kCount, kBytes, false)), 0);
  size_t before = lines_of(complete_lines(t.out())).size();
  t.wait_until([&](const std::string& o, const std::string&) {
    return lines_of(complete_lines(o)).size() >= before + 2;
  });
  Exit e = t.stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  double writes = 0;
  for (auto& j : parse_json_lines(t.out()))
    for (auto& r : j["rows"].items)
      if (r["op"].str == "write" && r["pct"].num == 50) writes += r["count"].num;
  EXPECT_EQ(writes, kCount) << t.describe();
}

}  // namespace
