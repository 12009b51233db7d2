// Live tests for biotop: a workload held at a gate makes O_DIRECT writes and
// reads of known size on a disk of the test's own (own_disk.h) once the tool
// runs; its rows, summed over the screens, must count exactly those, under
// its pid and comm, on that disk, per direction.
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gated_workload.h"
#include "harness.h"
#include "own_disk.h"

using namespace cstest;

namespace {

constexpr int kCount = 8;
constexpr uint32_t kBytes = 4096;
constexpr uint64_t kFirst = 4096;

const char kHeader[] = "PID     COMM             D MAJ MIN DISK       I/O  Kbytes  AVGms";

struct Sum {
  uint64_t io = 0, kbytes = 0;
  int rows = 0;
  bool disk_ok = true, avg_ok = true;
};

// Sums of the rows of pid in direction dir ("W" or "R") over every screen.
Sum sum_rows(const std::string& out, pid_t pid, const std::string& dir, const OwnDisk& d) {
  struct stat st{};
  stat(d.path.c_str(), &st);
  Sum s;
  for (const std::string& l : lines_of(complete_lines(out))) {
    std::istringstream in(l);
    std::vector<std::string> f;
    for (std::string w; in >> w;) f.push_back(w);
    if (f.size() != 9 || f[0] != std::to_string(pid) || f[2] != dir) continue;
    s.rows++;
    s.io += std::stoull(f[6]);
    s.kbytes += std::stoull(f[7]);
    s.disk_ok = s.disk_ok && f[1] == own_io_comm() && f[5] == d.name &&
                f[3] == std::to_string(major(st.st_rdev)) && f[4] == std::to_string(minor(st.st_rdev));
    double avg = std::stod(f[8]);
    s.avg_ok = s.avg_ok && avg >= 0 && avg < 60000;
  }
  return s;
}

// biotop with args; once its first screen is out, the gated workload runs;
// after two more screens, Ctrl-C.
std::unique_ptr<ToolProcess> run(const OwnDisk& d, std::vector<std::string> args, pid_t& pid) {
  GatedWorkload w("block_io_gated", own_io_args(d, kFirst, kCount, kBytes, true));
  EXPECT_TRUE(w.ready());
  pid = w.pid();
  for (std::string& a : args)
    if (a == "PID") a = std::to_string(pid);
  auto t = std::make_unique<ToolProcess>("biotop", args);
  EXPECT_TRUE(t->wait_for_out(std::string(kHeader) + "\n")) << t->describe();
  size_t screens = 0;
  EXPECT_EQ(w.wait(), 0);
  // The workload's last completion counts in this screen or the next.
  t->wait_until([&](const std::string& o, const std::string&) {
    screens = 0;
    for (size_t at = o.find(kHeader); at != std::string::npos; at = o.find(kHeader, at + 1)) screens++;
    return screens >= 3;
  });
  Exit e = t->stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t->describe();
  return t;
}

void expect_exact(const std::string& out, pid_t pid, const OwnDisk& d, const std::string& what) {
  for (const char* dir : {"W", "R"}) {
    SCOPED_TRACE(dir);
    Sum s = sum_rows(out, pid, dir, d);
    EXPECT_EQ(s.io, uint64_t{kCount}) << what;
    EXPECT_EQ(s.kbytes, uint64_t{kCount} * kBytes / 1024) << what;
    EXPECT_TRUE(s.disk_ok) << what;
    EXPECT_TRUE(s.avg_ok) << what;
  }
}

// Without a filter (every row, so ours cannot be cut off) and with -p.
TEST(biotop, CountsOwnIosExactlyPerProcessDiskAndDirection) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  for (bool by_pid : {false, true}) {
    SCOPED_TRACE(by_pid ? "-p" : "every process");
    pid_t pid = 0;
    auto t = run(d, by_pid ? std::vector<std::string>{"-C", "-p", "PID", "0.3"}
                           : std::vector<std::string>{"-C", "-r", "10240", "0.3"}, pid);
    expect_exact(t->out(), pid, d, t->describe());
    // libbpf-tools' screen: time and loadavg first.
    auto lines = t->out_lines();
    ASSERT_GE(lines.size(), 3u) << t->describe();
    EXPECT_NE(lines[0].find(" loadavg: "), std::string::npos) << t->describe();
    EXPECT_TRUE(is_hms(lines[0].substr(0, 8))) << t->describe();
    if (!by_pid) continue;
    // With -p every row is the workload's.
    for (const std::string& l : lines) {
      std::istringstream in(l);
      std::string first;
      in >> first;
      if (!first.empty() && std::isdigit(static_cast<unsigned char>(first[0])) &&
          l.find("loadavg") == std::string::npos) {
        EXPECT_EQ(first, std::to_string(pid)) << l;
      }
    }
  }
}

TEST(biotop, RowsLimitAndSortKeys) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  pid_t pid = 0;
  // One row a screen, sorted by bytes: our 32 KiB a direction beat nothing
  // else on a disk of our own only when -p keeps the others out.
  auto t = run(d, {"-C", "-r", "1", "-s", "bytes", "-p", "PID", "0.3"}, pid);
  // Each screen: the header, its rows, a blank line.
  int rows = -1, screens = 0;
  for (const std::string& l : t->out_lines()) {
    if (l == kHeader) {
      rows = 0;
      screens++;
    } else if (l.empty()) {
      rows = -1;
    } else if (rows >= 0) {
      EXPECT_LE(++rows, 1) << t->describe();
    }
  }
  EXPECT_GE(screens, 3) << t->describe();
  for (const char* key : {"all", "io", "bytes", "time"}) {
    RunResult r = run_tool("biotop", {"-C", "-s", key, "0.1", "1"});
    EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << key << "\n" << r.err;
  }
  RunResult bad = run_tool("biotop", {"-s", "nosuchkey"});
  EXPECT_EQ(bad.exit.code, 2) << bad.err;
}

TEST(biotop, JsonTablePerInterval) {
  OwnDisk d;
  CS_REQUIRE_OWN_DISK(d);
  GatedWorkload w("block_io_gated", own_io_args(d, kFirst, kCount, kBytes, true));
  ASSERT_TRUE(w.ready());
  pid_t pid = w.pid();
  ToolProcess t("biotop", {"--json", "-p", std::to_string(pid), "0.3"});
  ASSERT_TRUE(t.wait_for_out("\"type\":\"table\"")) << t.describe();
  ASSERT_EQ(w.wait(), 0);
  t.wait_until([&](const std::string& o, const std::string&) {
    size_t n = 0;
    for (size_t at = o.find("\"type\""); at != std::string::npos; at = o.find("\"type\"", at + 1)) n++;
    return n >= 4;
  });
  Exit e = t.stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  double w_io = 0, r_io = 0, w_bytes = 0;
  for (auto& j : parse_json_lines(t.out())) {
    if (j["type"].str != "table") continue;
    EXPECT_TRUE(j.has("time")) << t.describe();
    for (auto& row : j["rows"].items) {
      EXPECT_EQ(row["pid"].num, pid);
      EXPECT_EQ(row["comm"].str, own_io_comm());
      EXPECT_EQ(row["disk"].str, d.name);
      (row["dir"].str == "W" ? w_io : r_io) += row["io"].num;
      if (row["dir"].str == "W") w_bytes += row["bytes"].num;
    }
  }
  EXPECT_EQ(w_io, kCount) << t.describe();
  EXPECT_EQ(r_io, kCount) << t.describe();
  EXPECT_EQ(w_bytes, double{kCount} * kBytes) << t.describe();
}

// Three screens, then the tool ends by itself.
TEST(biotop, IntervalAndCountEndByThemselves) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("biotop", {"-C", "0.2", "3"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  auto lines = lines_of(r.out);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), std::string(kHeader)), 3) << r.out;
}

}  // namespace
