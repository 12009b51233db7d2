// Live tests for biosnoop: the test makes O_DIRECT I/O of known size at known
// sectors on a disk of its own (own_disk.h) from a workload whose pid it
// knows, and checks the tool reported exactly those requests, issued by that
// pid and comm, on that disk, with the right direction, sector and size.
#include <signal.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "attach_modes.h"
#include "harness.h"
#include "own_disk.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr int kCount = 8;
constexpr uint32_t kBytes = 4096;
constexpr uint64_t kFirst = 2048;  // 1 MiB in

// One text line, split at blanks (our comm has none).
struct Line {
  double time = 0;
  std::string comm, disk, rwbs, pattern;
  long pid = -1;
  uint64_t sector = 0, bytes = 0;
  double que = 0, lat = -1;
};

// Rows of the text output: TIME COMM PID DISK T SECTOR BYTES [P] [QUE] LAT.
std::vector<Line> parse(const std::string& out, bool pattern, bool queued) {
  std::vector<Line> r;
  size_t want = 8 + pattern + queued;
  for (const std::string& l : lines_of(complete_lines(out))) {
    std::istringstream in(l);
    std::vector<std::string> f;
    for (std::string w; in >> w;) f.push_back(w);
    if (f.size() != want || f[0] == "TIME(s)" || f[0] == "TIMESTAMP") continue;
    Line x;
    try {
      size_t i = 0;
      x.time = f[0].find(':') == std::string::npos ? std::stod(f[i]) : 0;
      i++;
      x.comm = f[i++];
      x.pid = std::stol(f[i++]);
      x.disk = f[i++];
      x.rwbs = f[i++];
      x.sector = std::stoull(f[i++]);
      x.bytes = std::stoull(f[i++]);
      if (pattern) x.pattern = f[i++];
      if (queued) x.que = std::stod(f[i++]);
      x.lat = std::stod(f[i++]);
    } catch (...) {
      continue;
    }
    r.push_back(x);
  }
  return r;
}

std::string comm14() { return own_io_comm().substr(0, 14); }

// The lines of pid, in order.
std::vector<Line> of_pid(const std::vector<Line>& all, pid_t pid) {
  std::vector<Line> r;
  for (auto& l : all)
    if (l.pid == pid) r.push_back(l);
  return r;
}

// Our I/Os, each once, in the order made (each waited for before the next).
void expect_own_ios(const std::vector<Line>& ours, const OwnDisk& d, const std::string& what) {
  auto want = own_ios(kFirst, kCount, kBytes, true);
  ASSERT_EQ(ours.size(), want.size()) << what;
  for (size_t i = 0; i < want.size(); i++) {
    SCOPED_TRACE("I/O " + std::to_string(i));
    EXPECT_EQ(ours[i].comm, comm14()) << what;
    EXPECT_EQ(ours[i].disk, d.name) << what;
    EXPECT_EQ(ours[i].rwbs.find(want[i].write ? 'W' : 'R'), 0u) << ours[i].rwbs << "\n" << what;
    EXPECT_EQ(ours[i].sector, want[i].sector) << what;
    EXPECT_EQ(ours[i].bytes, want[i].bytes) << what;
    EXPECT_GE(ours[i].lat, 0.0) << what;
    EXPECT_LT(ours[i].lat, 60000.0) << what;
  }
}

// Starts biosnoop with args, waits for its header, makes our I/Os, stops it.
pid_t trace_own_ios(const OwnDisk& d, const std::vector<std::string>& args,
                    std::unique_ptr<ToolProcess>& tool) {
  tool = std::make_unique<ToolProcess>("biosnoop", args);
  EXPECT_TRUE(tool->wait_for_out("LAT(ms)\n")) << tool->describe();
  pid_t pid = spawn_workload("block_io", own_io_args(d, kFirst, kCount, kBytes, true));
  EXPECT_EQ(wait_workload(pid), 0);
  // The last completion may still be on its way through the buffer.
  tool->wait_until([&](const std::string& o, const std::string&) {
    size_t n = 0;
    for (auto& l : parse(o, false, false)) n += l.pid == pid;
    return n >= 2 * kCount;
  }, std::chrono::seconds(5));
  Exit e = tool->stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << tool->describe();
  return pid;
}

TEST(biosnoop, ReportsOwnIosWithIssuerDiskSectorAndSize) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_own_ios(d, {}, tool);
  EXPECT_EQ(tool->out_lines().at(0),
            "TIME(s)     COMM           PID     DISK    T    SECTOR     BYTES   LAT(ms)");
  expect_own_ios(of_pid(parse(tool->out(), false, false), pid), d, tool->describe());
}

TEST(biosnoop, DiskFilterShowsOnlyThatDisk) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_own_ios(d, {"-d", d.name}, tool);
  auto all = parse(tool->out(), false, false);
  for (auto& l : all) EXPECT_EQ(l.disk, d.name) << tool->describe();
  expect_own_ios(of_pid(all, pid), d, tool->describe());
}

// Another disk: -d on it shows none of our I/Os.
TEST(biosnoop, DiskFilterLeavesOutOtherDisks) {
  OwnDisk d, other;
  CS_REQUIRE_OWN_DISK(d);
  if (!other.why_not.empty() || other.name == d.name) GTEST_SKIP() << "no second disk";
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_own_ios(d, {"-d", other.name}, tool);
  EXPECT_TRUE(of_pid(parse(tool->out(), false, false), pid).empty()) << tool->describe();
}

TEST(biosnoop, QueuedTimeColumn) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  // With a scheduler every request passes block_rq_insert.
  bool sched = d.set_scheduler("mq-deadline");
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_own_ios(d, {"-Q", "-d", d.name}, tool);
  EXPECT_EQ(tool->out_lines().at(0),
            "TIME(s)     COMM           PID     DISK    T    SECTOR     BYTES   QUE(ms) LAT(ms)");
  auto ours = of_pid(parse(tool->out(), false, true), pid);
  expect_own_ios(ours, d, tool->describe());
  for (auto& l : ours) EXPECT_GE(l.que, 0.0) << "scheduler: " << sched << "\n" << tool->describe();
  d.set_scheduler("none");
}

// P: S exactly when a request starts where the disk's previous one ended.
TEST(biosnoop, PatternFollowsThePreviousRequest) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_own_ios(d, {"-P", "-d", d.name}, tool);
  auto all = parse(tool->out(), true, false);
  expect_own_ios(of_pid(all, pid), d, tool->describe());
  int seq = 0;
  for (size_t i = 0; i < all.size(); i++) {
    std::string want = i == 0 ? "?" : all[i].sector == all[i - 1].sector + all[i - 1].bytes / 512
                                           ? "S" : "R";
    EXPECT_EQ(all[i].pattern, want) << "line " << i << "\n" << tool->describe();
    seq += all[i].pid == pid && all[i].pattern == "S";
  }
  EXPECT_GE(seq, 1) << tool->describe();
}

TEST(biosnoop, MinLatencyLeavesOutFasterIos) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_own_ios(d, {"-m", "100000", "-d", d.name}, tool);
  EXPECT_TRUE(of_pid(parse(tool->out(), false, false), pid).empty()) << tool->describe();
}

TEST(biosnoop, TimestampColumn) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  pid_t pid = trace_own_ios(d, {"-t", "-d", d.name}, tool);
  EXPECT_EQ(tool->out_lines().at(0).rfind("TIMESTAMP    COMM ", 0), 0u) << tool->describe();
  size_t n = 0;
  for (const std::string& l : tool->out_lines()) {
    std::string pidcol = " " + std::to_string(pid) + " ";
    if (l.find(pidcol) == std::string::npos) continue;
    n++;
    EXPECT_TRUE(is_hms(l.substr(0, 8)) && l[8] == '.' && l[12] == ' ') << l;
  }
  EXPECT_EQ(n, 2u * kCount) << tool->describe();
}

TEST(biosnoop, JsonCarriesTheFields) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  ToolProcess t("biosnoop", {"--json", "-d", d.name});
  // No header in JSON: small reads until one shows, then our I/Os.
  ASSERT_TRUE(t.cause_until(
      [&] { run_workload("block_io", own_io_args(d, 0, 1, kBytes, false)); },
      [&](const std::string& o, const std::string&) { return o.find("\"disk\":") != std::string::npos; }))
      << t.describe();
  pid_t pid = spawn_workload("block_io", own_io_args(d, kFirst, kCount, kBytes, true));
  ASSERT_EQ(wait_workload(pid), 0);
  std::string key = "\"pid\":" + std::to_string(pid) + ",";
  t.wait_until([&](const std::string& o, const std::string&) {
    size_t n = 0;
    for (size_t at = o.find(key); at != std::string::npos; at = o.find(key, at + 1)) n++;
    return n >= 2 * kCount;
  }, std::chrono::seconds(5));
  Exit e = t.stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  std::vector<Line> ours;
  for (auto& j : json_events(t.out())) {
    if (j["pid"].num != pid) continue;
    EXPECT_EQ(j["comm"].str, own_io_comm());
    EXPECT_EQ(j["queue_ms"].kind, JsonValue::Null);
    EXPECT_TRUE(j.has("timestamp") && j.has("time") && j.has("pattern")) << t.describe();
    Line l;
    l.pid = pid;
    l.comm = j["comm"].str.substr(0, 14);
    l.disk = j["disk"].str;
    l.rwbs = j["rwbs"].str;
    l.sector = static_cast<uint64_t>(j["sector"].num);
    l.bytes = static_cast<uint64_t>(j["bytes"].num);
    l.lat = j["lat_ms"].num;
    ours.push_back(l);
  }
  expect_own_ios(ours, d, t.describe());
}

// Every hook type the kernel offers finds the issuer the same way.
TEST(biosnoop, EveryAttachModeSeesOwnIos) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  pid_t pid = 0;
  each_attach_mode("biosnoop", {
      .args = {"-d", d.name},
      .ready = [](const std::string& o, const std::string&) { return o.find("LAT(ms)\n") != std::string::npos; },
      .running = [&](ToolProcess& t) {
        pid = spawn_workload("block_io", own_io_args(d, kFirst, kCount, kBytes, true));
        EXPECT_EQ(wait_workload(pid), 0);
        t.wait_until([&](const std::string& o, const std::string&) {
          return of_pid(parse(o, false, false), pid).size() >= 2 * kCount;
        }, std::chrono::seconds(5));
      },
      .stopped = [&](ToolProcess& t) {
        expect_own_ios(of_pid(parse(t.out(), false, false), pid), d, t.describe());
      },
  });
}

TEST(biosnoop, DurationEndsByItself) {
  CS_REQUIRE_BPF();
  ToolProcess t("biosnoop", {"1"});
  Exit e = t.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

TEST(biosnoop, UnknownDiskExits2) {
  RunResult r = run_tool("biosnoop", {"-d", "nosuchdisk"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 2) << r.err;
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "biosnoop: unknown disk 'nosuchdisk' (see /proc/partitions)");
  EXPECT_EQ(r.out, "");
}

}  // namespace
