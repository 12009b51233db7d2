// Live tests for filetop: the workload's reads and writes of its own file
// (and, with -a, of a pipe), added up over the intervals: exact counts and
// bytes, its thread and comm, the file's name and kind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "file_systems.h"
#include "gated_workload.h"
#include "harness.h"
#include "proc_helpers.h"
#include "top_checks.h"

using namespace cstest;

namespace {

// GATE READY COMM FILE: 5 bytes through a pipe, then fs_calls on FILE.
CS_WORKLOAD(filetop_gated) {
  set_comm(args.at(2));
  if (!pass_workload_gate(args)) return 255;
  int p[2];
  char buf[5] = {};
  if (pipe(p) != 0 || write(p[1], buf, 5) != 5 || read(p[0], buf, 5) != 5) return 20;
  return fs_calls(args.at(3));
}

const std::string kHeader = "TID     COMM             READS  WRITES R_Kb    W_Kb    T FILE";

struct Sums {
  double reads = 0, writes = 0, rbytes = 0, wbytes = 0;
};

Sums add_up(const std::vector<JsonValue>& rows, pid_t pid, const std::string& comm,
            const std::string& kind) {
  Sums s;
  for (const JsonValue& r : rows) {
    EXPECT_EQ(r["tid"].num, pid);
    EXPECT_EQ(r["pid"].num, pid);
    EXPECT_EQ(r["comm"].str, comm);
    EXPECT_EQ(r["kind"].str, kind);
    s.reads += r["reads"].num;
    s.writes += r["writes"].num;
    s.rbytes += r["read_bytes"].num;
    s.wbytes += r["write_bytes"].num;
  }
  return s;
}

TEST(filetop, CountsTheWorkloadsFileExactly) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("ft");
  GatedWorkload w("filetop_gated", {comm, "/tmp/" + comm});
  pid_t pid = w.pid();
  // Done once the intervals shown add up to the four calls.
  auto done = [&](const std::string& o) {
    Sums s = add_up(json_rows_where(complete_lines(o), "file", comm), pid, comm, "R");
    return s.reads + s.writes >= 4;
  };
  std::string out = top_output("filetop", {"--json"}, w, done);
  Sums s = add_up(json_rows_where(out, "file", comm), pid, comm, "R");
  EXPECT_EQ(s.reads, 2);
  EXPECT_EQ(s.writes, 2);
  EXPECT_EQ(s.rbytes, 4096 + 1000);
  EXPECT_EQ(s.wbytes, 4096 + 1000);
  EXPECT_TRUE(json_rows_where(out, "kind", "O").empty()) << "a pipe without -a\n" << out;
}

TEST(filetop, AllFilesAddsThePipe) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("ft");
  GatedWorkload w("filetop_gated", {comm, "/tmp/" + comm});
  pid_t pid = w.pid();
  auto done = [&](const std::string& o) {
    Sums s = add_up(json_rows_where(complete_lines(o), "kind", "O"), pid, comm, "O");
    Sums f = add_up(json_rows_where(complete_lines(o), "file", comm), pid, comm, "R");
    return s.reads + s.writes >= 2 && f.reads + f.writes >= 4;
  };
  std::string out = top_output("filetop", {"-a", "--json"}, w, done);
  Sums s = add_up(json_rows_where(out, "kind", "O"), pid, comm, "O");
  EXPECT_EQ(s.reads, 1);
  EXPECT_EQ(s.writes, 1);
  EXPECT_EQ(s.rbytes, 5);
  EXPECT_EQ(s.wbytes, 5);
}

// libbpf-tools' screen: "HH:MM:SS loadavg: ...", a blank line, the header,
// the rows, a blank line; -C keeps it from clearing (and a pipe never does).
TEST(filetop, TextScreensWithTheHeaderAndTheRow) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("ft");
  GatedWorkload w("filetop_gated", {comm, "/tmp/" + comm});
  pid_t pid = w.pid();
  auto rows_of = [&](const std::string& o) {
    std::vector<std::vector<std::string>> r;
    for (const std::string& l : lines_of(o)) {
      std::vector<std::string> ws = words(l);
      if (ws.size() == 8 && ws[7] == comm) r.push_back(ws);
    }
    return r;
  };
  auto done = [&](const std::string& o) {
    double n = 0;
    for (auto& ws : rows_of(complete_lines(o))) n += std::stod(ws[2]) + std::stod(ws[3]);
    return n >= 4;
  };
  std::string out = top_output("filetop", {"-C"}, w, done);
  EXPECT_EQ(out.find('\033'), std::string::npos);
  std::vector<std::string> lines = lines_of(out);
  ASSERT_GE(lines.size(), 4u) << out;
  EXPECT_NE(lines[0].find(" loadavg: "), std::string::npos);
  EXPECT_TRUE(is_hms(lines[0].substr(0, 8))) << lines[0];
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], kHeader);
  double reads = 0, writes = 0;
  for (auto& ws : rows_of(out)) {
    EXPECT_EQ(ws[0], std::to_string(pid));
    EXPECT_EQ(ws[1], comm);
    EXPECT_EQ(ws[6], "R");
    reads += std::stod(ws[2]);
    writes += std::stod(ws[3]);
  }
  EXPECT_EQ(reads, 2);
  EXPECT_EQ(writes, 2);
  EXPECT_EQ(out.substr(out.size() - 2), "\n\n");
}

TEST(filetop, UsageErrorsExit2) {
  expect_usage_errors("filetop", {{"-s", "size"}, {"-r", "0"}, {"-p", "x"}});
  expect_bad_interval_args("filetop");
}

TEST(filetop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("filetop");
}

TEST(filetop, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("filetop");
}

}  // namespace
