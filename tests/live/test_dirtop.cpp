// Live tests for dirtop: the workload reads and writes a file two levels
// under one directory and one directly in another; each directory's row
// adds up to exactly those calls and bytes, a glob picks both.
#include <gtest/gtest.h>
#include <sys/stat.h>
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

// GATE READY COMM FILE1 FILE2: fs_calls on each.
CS_WORKLOAD(dirtop_gated) {
  set_comm(args.at(2));
  if (!pass_workload_gate(args)) return 255;
  int rc = fs_calls(args.at(3));
  return rc ? rc : fs_calls(args.at(4));
}

// /tmp/TOKEN/a/sub and /tmp/TOKEN/b, removed again at the end.
struct Tree {
  std::string root, a, b;
  explicit Tree(const std::string& token)
      : root("/tmp/" + token), a(root + "/a"), b(root + "/b") {
    mkdir(root.c_str(), 0700);
    mkdir(a.c_str(), 0700);
    mkdir((a + "/sub").c_str(), 0700);
    mkdir(b.c_str(), 0700);
  }
  ~Tree() {
    rmdir((a + "/sub").c_str());
    rmdir(a.c_str());
    rmdir(b.c_str());
    rmdir(root.c_str());
  }
};

const std::string kHeader = "READS  WRITES R_Kb     W_Kb     PATH";

double sum(const std::vector<JsonValue>& rows, const char* key) {
  double n = 0;
  for (const JsonValue& r : rows) n += r[key].num;
  return n;
}

void expect_both(const std::vector<std::string>& args, const Tree& t, const std::string& comm) {
  GatedWorkload w("dirtop_gated", {comm, t.a + "/sub/" + comm, t.b + "/" + comm});
  auto done = [&](const std::string& o) {
    std::string c = complete_lines(o);
    return sum(json_rows_where(c, "path", t.a), "reads") +
               sum(json_rows_where(c, "path", t.b), "reads") >= 4;
  };
  std::string out = top_output("dirtop", args, w, done);
  for (const std::string& dir : {t.a, t.b}) {
    SCOPED_TRACE(dir);
    std::vector<JsonValue> rows = json_rows_where(out, "path", dir);
    EXPECT_EQ(sum(rows, "reads"), 2) << out;
    EXPECT_EQ(sum(rows, "writes"), 2);
    EXPECT_EQ(sum(rows, "read_bytes"), 4096 + 1000);
    EXPECT_EQ(sum(rows, "write_bytes"), 4096 + 1000);
  }
}

TEST(dirtop, EachDirectoryCountsTheFilesUnderIt) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("dt");
  Tree t(comm);
  expect_both({"-d", t.a + "," + t.b, "--json"}, t, comm);
}

TEST(dirtop, AGlobPicksTheDirectories) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("dt");
  Tree t(comm);
  expect_both({"-d", t.root + "/*", "--json"}, t, comm);
}

// bcc's screen: the loadavg line, a blank line, the header, a row per
// directory with I/O.
TEST(dirtop, TextRowsPerDirectory) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("dt");
  Tree t(comm);
  GatedWorkload w("dirtop_gated", {comm, t.a + "/sub/" + comm, t.b + "/" + comm});
  auto reads_of = [&](const std::string& o, const std::string& dir) {
    double n = 0;
    for (const std::string& l : lines_of(o)) {
      std::vector<std::string> ws = words(l);
      if (ws.size() == 5 && ws[4] == dir) n += std::stod(ws[0]);
    }
    return n;
  };
  auto done = [&](const std::string& o) {
    std::string c = complete_lines(o);
    return reads_of(c, t.a) + reads_of(c, t.b) >= 4;
  };
  std::string out = top_output("dirtop", {"-C", "-d", t.b, "-d", t.a}, w, done);
  std::vector<std::string> lines = lines_of(out);
  ASSERT_GE(lines.size(), 3u) << out;
  EXPECT_NE(lines[0].find(" loadavg: "), std::string::npos);
  EXPECT_EQ(lines[1], "");
  EXPECT_EQ(lines[2], kHeader);
  EXPECT_EQ(reads_of(out, t.a), 2);
  EXPECT_EQ(reads_of(out, t.b), 2);
}

TEST(dirtop, UsageErrorsExit2) {
  expect_usage_errors("dirtop", {{}, {"-d", "/nonexistent-cs-dir"}, {"-d", "/etc/passwd"},
                                 {"-d", "/tmp", "-s", "size"}, {"-d", "/tmp", "-r", "0"},
                                 {"-d", "/tmp", "0"}});
}

TEST(dirtop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("dirtop", {"-d", "/tmp"});
}

TEST(dirtop, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("dirtop", {"-d", "/tmp"});
}

}  // namespace
