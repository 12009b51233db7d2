// What the live tests of fsslower, fsdist and their aliases share: a
// workload does kFileCalls on a file of the type under test (and first the
// same calls on a file of another type, which the tool must leave out), and
// fsslower must print exactly those six calls, with the workload's comm and
// pid, bytes, offsets and the file's name; fsdist must count exactly them
// (and the fstat) per operation.
#pragma once
#include <gtest/gtest.h>

#include <signal.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "file_systems.h"
#include "harness.h"
#include "proc_helpers.h"
#include "gated_workload.h"
#include "workloads.h"

namespace cstest {

inline const std::string kFsslowerHeader =
    "TIME     COMM             PID     T BYTES   OFF_KB   LAT(ms) FILENAME";

// A file on another file system than `type`: tmpfs for ext4, else /tmp.
inline std::string other_fs_file(const std::string& type, const std::string& token) {
  return (type == "ext4" ? "/dev/shm/" : "/tmp/") + token + "-other";
}

// The tool on a kernel without the file system: exit 1 and one line.
inline void expect_fs_missing(const std::string& tool, const std::string& type,
                              const std::vector<std::string>& args = {}) {
  RunResult r = run_tool(tool, args);
  EXPECT_EQ(r.exit.code, 1);
  EXPECT_EQ(r.err, tool + ": the " + type +
                       " file system is not available on this system (not in /proc/filesystems: "
                       "not built in, or its module is not loaded)\n");
  EXPECT_EQ(r.out, "");
  std::printf("CS-EXPECTED-ERROR: %s", r.err.c_str());  // the VM matrix marks the cell
}

// Runs `tool args -m 0 -p PID` over the workload on `dir` until a line of
// the tool's output satisfies `last` (the workload's last call); the output.
inline std::string fs_call_output(const std::string& tool, const std::vector<std::string>& args,
                                  const std::string& type, const std::string& dir,
                                  const std::string& comm, pid_t* pid,
                                  const std::function<bool(const std::string&)>& last) {
  GatedWorkload w("fs_calls_gated", {comm, dir + "/" + comm, other_fs_file(type, comm)});
  EXPECT_TRUE(w.ready());
  *pid = w.pid();
  std::vector<std::string> a = args;
  a.insert(a.end(), {"-m", "0", "-p", std::to_string(w.pid())});
  ToolProcess t(tool, a);
  // The header (or the banner, in JSON mode on stderr) says it is attached.
  bool up = t.wait_until([](const std::string& o, const std::string& e) {
    return o.find('\n') != std::string::npos || e.find('\n') != std::string::npos;
  });
  EXPECT_TRUE(up) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  bool seen = t.wait_until([&](const std::string& o, const std::string&) {
    for (const std::string& l : lines_of(complete_lines(o)))
      if (last(l)) return true;
    return false;
  });
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(seen) << t.describe();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  return complete_lines(t.out());
}

// The text lines after the header.
inline std::vector<std::string> after_header(const std::string& out, const std::string& header) {
  std::vector<std::string> after;
  bool seen = false;
  for (const std::string& l : lines_of(out)) {
    if (seen) after.push_back(l);
    if (l == header) seen = true;
  }
  return after;
}

// The six calls on the file, in order, and nothing else of the workload's.
inline void expect_fs_calls(const std::string& tool, const std::string& type,
                            const std::vector<std::string>& args = {}) {
  TestFs fs(type);
  if (fs.dir().empty() && !kernel_lists_fs(type)) return expect_fs_missing(tool, type, args);
  ASSERT_FALSE(fs.dir().empty()) << fs.why();
  ASSERT_TRUE(dir_is_fs(fs.dir(), type)) << fs.dir();
  std::string comm = unique_token("fs");
  pid_t pid = 0;
  std::string out = fs_call_output(tool, args, type, fs.dir(), comm, &pid, [&](const std::string& l) {
    std::vector<std::string> w = words(l);
    return w.size() == 8 && w[3] == "F" && w[7] == comm;
  });
  std::vector<std::string> got = after_header(out, kFsslowerHeader);
  ASSERT_EQ(got.size(), kFileCalls.size()) << ::testing::PrintToString(got);
  for (size_t i = 0; i < got.size(); i++) {
    SCOPED_TRACE(got[i]);
    std::vector<std::string> w = words(got[i]);
    ASSERT_EQ(w.size(), 8u);
    EXPECT_TRUE(is_hms(w[0]));
    EXPECT_EQ(w[1], comm);
    EXPECT_EQ(w[2], std::to_string(pid));
    EXPECT_EQ(w[3], std::string(1, kFileCalls[i].op));
    EXPECT_EQ(w[4], kFileCalls[i].bytes);
    EXPECT_EQ(w[5], std::to_string(kFileCalls[i].off_kb));
    EXPECT_GE(std::stod(w[6]), 0.0);
    EXPECT_EQ(w[7], comm);  // the file is named after the comm; the other one is not seen
  }
}

// fsdist's JSON for the workload: {"operation":..,"count":N} per operation
// seen, with N the calls of kFileCalls (and one getattr: the fstat).
inline void expect_fs_hists(const std::string& tool, const std::string& type,
                            const std::vector<std::string>& args = {}) {
  TestFs fs(type);
  if (fs.dir().empty() && !kernel_lists_fs(type)) return expect_fs_missing(tool, type, args);
  ASSERT_FALSE(fs.dir().empty()) << fs.why();
  std::string comm = unique_token("fd");
  GatedWorkload w("fs_calls_gated", {comm, fs.dir() + "/" + comm, other_fs_file(type, comm)});
  ASSERT_TRUE(w.ready());
  std::vector<std::string> a = args;
  a.insert(a.end(), {"--json", "-p", std::to_string(w.pid())});
  ToolProcess t(tool, a);
  ASSERT_TRUE(t.wait_for_err("Tracing " + type + " operation latency... Hit Ctrl-C to end.\n"))
      << t.describe();
  EXPECT_EQ(w.wait(), 0);
  Exit e = t.stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
  std::vector<JsonValue> lines = parse_json_lines(t.out());
  ASSERT_EQ(lines.size(), 1u) << t.describe();
  EXPECT_EQ(lines[0]["type"].str, "histogram");
  EXPECT_EQ(lines[0]["unit"].str, "usecs");
  std::vector<std::pair<std::string, double>> got;
  for (const JsonValue& h : lines[0]["hists"].items) {
    double sum = 0;
    for (const JsonValue& b : h["buckets"].items) sum += b["count"].num;
    EXPECT_EQ(sum, h["count"].num) << t.out();
    got.emplace_back(h["operation"].str, h["count"].num);
  }
  std::vector<std::pair<std::string, double>> want = {
      {"read", 2}, {"write", 2}, {"open", 1}, {"fsync", 1}, {"getattr", 1}};
  EXPECT_EQ(got, want) << t.out();
}

}  // namespace cstest
