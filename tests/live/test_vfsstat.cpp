// Live tests for vfsstat: a workload held at a gate makes a known number of
// calls of each kind on files of its own directory; with -p on its pid the
// per-interval counts must add up to exactly those, in text and JSON, and
// system wide to at least those.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
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

// READ WRITE FSYNC OPEN CREATE UNLINK MKDIR RMDIR
using Counts = std::array<long, 8>;
const Counts kWant = {5, 6, 3, 7, 3, 3, 2, 2};
const char* const kKeys[] = {"read", "write", "fsync", "open", "create", "unlink", "mkdir", "rmdir"};

// GATE READY DIR: file f0 exists before the gate; after it, three files are
// created and f0 is opened four times (7 opens, 3 creations), with 5 reads,
// 6 writes, 3 syncs, 2 directories made and removed, 3 files unlinked.
CS_WORKLOAD(vfsstat_calls) {
  std::string dir = args.at(2), f0 = dir + "/f0";
  int fd = open(f0.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || close(fd) != 0) _exit(2);
  if (!pass_workload_gate(args)) _exit(1);
  int made[3], old[4];
  for (int i = 0; i < 3; i++) {
    std::string f = dir + "/n" + std::to_string(i);
    made[i] = open(f.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  }
  for (int& o : old) o = open(f0.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  char buf[4] = "abc";
  bool ok = true;
  for (int i = 0; i < 4; i++) ok &= write(made[0], buf, 1) == 1;
  for (int i = 0; i < 2; i++) ok &= pwrite(made[1], buf, 1, 0) == 1;
  for (int i = 0; i < 3; i++) ok &= read(old[0], buf, 1) >= 0;
  for (int i = 0; i < 2; i++) ok &= pread(old[1], buf, 1, 0) >= 0;
  ok &= fsync(made[0]) == 0 && fsync(made[1]) == 0 && fdatasync(made[2]) == 0;
  std::string d1 = dir + "/d1", d2 = dir + "/d2";
  ok &= mkdir(d1.c_str(), 0700) == 0 && mkdirat(AT_FDCWD, d2.c_str(), 0700) == 0;
  ok &= rmdir(d1.c_str()) == 0 && unlinkat(AT_FDCWD, d2.c_str(), AT_REMOVEDIR) == 0;
  ok &= unlink((dir + "/n0").c_str()) == 0 && unlink((dir + "/n1").c_str()) == 0 &&
        unlinkat(AT_FDCWD, (dir + "/n2").c_str(), 0) == 0;
  _exit(ok && made[2] >= 0 && old[3] >= 0 ? 0 : 3);
}

const std::string kHeader =
    "TIME         READ/s  WRITE/s  FSYNC/s   OPEN/s CREATE/s UNLINK/s  MKDIR/s  RMDIR/s";

// The sums of the lines so far; false if a line has the wrong form.
bool sum_text(const std::string& out, Counts& sum) {
  static const std::regex line(R"(^\d\d:\d\d:\d\d: ( +\d+){8}$)");
  sum.fill(0);
  std::istringstream in(out);
  std::string l;
  if (!std::getline(in, l) || l != kHeader) return false;
  while (std::getline(in, l)) {
    if (!std::regex_match(l, line)) return false;
    std::istringstream f(l.substr(9));
    for (long& s : sum) {
      long v;
      f >> v;
      s += v;
    }
  }
  return true;
}

bool sum_json(const std::string& out, Counts& sum) {
  sum.fill(0);
  for (const JsonValue& j : parse_json_lines(out)) {
    if (j["type"].str != "counts" || j["time"].str.size() != 8 || j["interval_s"].num != 1) return false;
    for (size_t i = 0; i < sum.size(); i++) sum[i] += static_cast<long>(j[kKeys[i]].num);
  }
  return true;
}

bool reached(const Counts& got) {
  for (size_t i = 0; i < got.size(); i++)
    if (got[i] < kWant[i]) return false;
  return true;
}

// Runs vfsstat with args (and -p <workload> when by_pid), releases the
// workload and returns the sums once they reach kWant.
Counts run_and_sum(std::vector<std::string> args, bool by_pid) {
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  std::string token = unique_token("vs");
  TempDir dir(token);
  GatedWorkload w("vfsstat_calls", {dir.path()});
  EXPECT_TRUE(w.ready());
  if (by_pid) args.insert(args.end(), {"-p", std::to_string(w.pid())});
  ToolProcess t("vfsstat", args);
  // The header (text) or a first interval (JSON) comes once it is attached.
  bool up = json ? t.wait_until([](const std::string& o, const std::string&) {
    return o.find("\"type\":\"counts\"") != std::string::npos;
  })
                 : t.wait_for_out(kHeader + "\n");
  EXPECT_TRUE(up) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  Counts sum{};
  auto add = [&](const std::string& o) {
    return json ? sum_json(complete_lines(o), sum) : sum_text(complete_lines(o), sum);
  };
  EXPECT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return add(o) && reached(sum);
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_TRUE(add(t.out())) << "malformed line: " << t.describe();
  return sum;
}

TEST(vfsstat, ExactCountsOfTheTracedProcess) {
  CS_REQUIRE_BPF();
  EXPECT_EQ(run_and_sum({}, true), kWant);
}

TEST(vfsstat, JsonCarriesTheRawCounts) {
  CS_REQUIRE_BPF();
  EXPECT_EQ(run_and_sum({"--json"}, true), kWant);
}

TEST(vfsstat, SystemWideAtLeastTheWorkload) {
  CS_REQUIRE_BPF();
  Counts got = run_and_sum({"--json"}, false);
  EXPECT_TRUE(reached(got)) << ::testing::PrintToString(got);
}

TEST(vfsstat, IntervalAndCountEndTheTool) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("vfsstat", {"0.2", "3"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  Counts sum;
  EXPECT_TRUE(sum_text(r.out, sum)) << r.out;
  EXPECT_EQ(lines_of(r.out).size(), 4u) << r.out;
}

TEST(vfsstat, UsageErrorsExit2) {
  expect_usage_errors("vfsstat", {{"-p", "12abc"}, {"-p", "0"}, {"0"}, {"1", "0"}, {"1", "2", "3"}});
}

TEST(vfsstat, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("vfsstat");
}

}  // namespace
