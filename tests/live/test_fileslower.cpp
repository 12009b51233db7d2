// Live tests for fileslower: the workload's reads and writes on two file
// systems (ext4 and tmpfs: fileslower takes any), with bcc's columns; -a
// adds its pipe I/O, which is left out by default.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "file_systems.h"
#include "fs_tool_checks.h"
#include "gated_workload.h"
#include "harness.h"
#include "proc_helpers.h"

using namespace cstest;

namespace {

// GATE READY COMM FILE: 5 bytes through a pipe, then fs_calls on FILE.
CS_WORKLOAD(fileslower_gated) {
  set_comm(args.at(2));
  if (!pass_workload_gate(args)) return 255;
  int p[2];
  char buf[5] = {'h', 'e', 'l', 'l', 'o'};
  if (pipe(p) != 0 || write(p[1], buf, 5) != 5 || read(p[0], buf, 5) != 5) return 20;
  return fs_calls(args.at(3));
}

const std::string kHeader = "TIME(s)  COMM           TID    D BYTES   LAT(ms) FILENAME";

struct Seen {
  std::string out;
  pid_t pid = 0;
};

// The tool's output for the workload, once its last read (a pread of 1000
// bytes of the file named after the comm) is shown.
Seen run(std::vector<std::string> args, const std::string& comm, const std::string& file) {
  GatedWorkload w("fileslower_gated", {comm, file});
  EXPECT_TRUE(w.ready());
  pid_t pid = w.pid();
  args.insert(args.end(), {"-p", std::to_string(w.pid())});
  ToolProcess t("fileslower", args);
  bool up = t.wait_until([](const std::string& o, const std::string& e) {
    return o.find("FILENAME\n") != std::string::npos || e.find("ms\n") != std::string::npos;
  });
  EXPECT_TRUE(up) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  bool seen = t.wait_until([&](const std::string& o, const std::string&) {
    return o.find(" R 1000 ") != std::string::npos || o.find("\"op\":\"read\",\"bytes\":1000") != std::string::npos;
  });
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(seen && e.exited && e.code == 0) << t.describe();
  return {complete_lines(t.out()), pid};
}

TEST(fileslower, ReadsAndWritesWithBccColumns) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("fl");
  Seen s = run({"0"}, comm, "/tmp/" + comm);
  std::vector<std::string> lines = lines_of(s.out);
  ASSERT_EQ(lines.size(), 2u + 4) << s.out;
  EXPECT_EQ(lines[0], "Tracing sync read/writes slower than 0 ms");
  EXPECT_EQ(lines[1], kHeader);
  const char* dirs[] = {"W", "W", "R", "R"};
  const char* bytes[] = {"4096", "1000", "4096", "1000"};
  for (size_t i = 0; i < 4; i++) {
    SCOPED_TRACE(lines[i + 2]);
    std::vector<std::string> w = words(lines[i + 2]);
    ASSERT_EQ(w.size(), 7u);
    EXPECT_NE(w[0].find('.'), std::string::npos);
    EXPECT_EQ(w[0].size() - w[0].find('.'), 4u);  // seconds, 3 decimals
    EXPECT_EQ(w[1], comm);
    EXPECT_EQ(w[2], std::to_string(s.pid));
    EXPECT_EQ(w[3], dirs[i]);
    EXPECT_EQ(w[4], bytes[i]);
    EXPECT_GE(std::stod(w[5]), 0.0);
    EXPECT_EQ(w[6], comm);
  }
}

TEST(fileslower, AllFilesAddsThePipe) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("fl");
  Seen s = run({"-a", "--json", "0"}, comm, "/dev/shm/" + comm);
  std::vector<JsonValue> ev = json_events(s.out);
  ASSERT_EQ(ev.size(), 2u + 4) << s.out;
  const char* ops[] = {"write", "read", "write", "write", "read", "read"};
  const double bytes[] = {5, 5, 4096, 1000, 4096, 1000};
  const double offsets[] = {0, 0, 0, 8192, 0, 8192};
  for (size_t i = 0; i < ev.size(); i++) {
    EXPECT_EQ(ev[i]["op"].str, ops[i]);
    EXPECT_EQ(ev[i]["bytes"].num, bytes[i]);
    EXPECT_EQ(ev[i]["offset"].num, offsets[i]);
    EXPECT_EQ(ev[i]["comm"].str, comm);
    EXPECT_EQ(ev[i]["pid"].num, s.pid);
    EXPECT_EQ(ev[i]["tid"].num, s.pid);
    EXPECT_EQ(ev[i]["kind"].str, i < 2 ? "O" : "R");  // a pipe is neither regular nor a socket
    EXPECT_EQ(ev[i]["file"].str, i < 2 ? "" : comm);
    EXPECT_EQ(ev[i]["elapsed"].kind, JsonValue::Number);
  }
}

TEST(fileslower, UsageErrorsExit2) {
  expect_usage_errors("fileslower", {{"-p", "0"}, {"x"}, {"1", "2"}, {"-t", "ext4"}});
}

TEST(fileslower, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("fileslower");
}

TEST(fileslower, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("fileslower");
}

}  // namespace
