// Live tests for fsslower -t TYPE: the workload's six calls on ext4 (the
// host's /tmp, the VM's disk), in text, CSV and JSON; the threshold; the
// usage errors.  The aliases have a test file each (test_xfsslower.cpp ...).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "file_systems.h"
#include "fs_tool_checks.h"
#include "gated_workload.h"
#include "harness.h"
#include "proc_helpers.h"

using namespace cstest;

namespace {

// GATE READY COMM FILE OTHER: the calls on OTHER (a file on another file
// system), then on FILE.
CS_WORKLOAD(fs_calls_gated) {
  set_comm(args.at(2));
  if (!pass_workload_gate(args)) return 255;
  int other = fs_calls(args.at(4));
  return other ? other : fs_calls(args.at(3));
}

TEST(fsslower, TypeFlagSeesTheCallsOnExt4) {
  CS_REQUIRE_BPF();
  expect_fs_calls("fsslower", "ext4", {"-t", "ext4"});
}

// libbpf-tools' -c (bcc's -j): ENDTIME_ns,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE.
TEST(fsslower, CsvHasTheExactBytesAndOffsets) {
  CS_REQUIRE_BPF();
  TestFs fs("ext4");
  ASSERT_FALSE(fs.dir().empty()) << fs.why();
  for (std::string flag : {"-c", "-j"}) {
    SCOPED_TRACE(flag);
    std::string comm = unique_token("fs");
    pid_t pid = 0;
    std::string out = fs_call_output("fsslower", {"-t", "ext4", flag}, "ext4", fs.dir(), comm,
                                     &pid, [&](const std::string& l) {
                                       return l.find(",F,LL_MAX,0,") != std::string::npos;
                                     });
    std::vector<std::string> lines = lines_of(out);
    ASSERT_EQ(lines.size(), 1 + kFileCalls.size()) << out;
    EXPECT_EQ(lines[0], "ENDTIME_ns,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE");
    const char* offsets[] = {"0", "0", "8192", "0", "8192", "0"};
    for (size_t i = 0; i < kFileCalls.size(); i++) {
      std::string want = "," + comm + "," + std::to_string(pid) + "," + kFileCalls[i].op + "," +
                         kFileCalls[i].bytes + "," + offsets[i] + ",";
      EXPECT_NE(lines[i + 1].find(want), std::string::npos) << lines[i + 1] << " wants " << want;
      EXPECT_EQ(lines[i + 1].substr(lines[i + 1].rfind(',') + 1), comm);
    }
  }
}

TEST(fsslower, JsonNamesTheOperation) {
  CS_REQUIRE_BPF();
  TestFs fs("ext4");
  ASSERT_FALSE(fs.dir().empty()) << fs.why();
  std::string comm = unique_token("fs");
  pid_t pid = 0;
  std::string out = fs_call_output("fsslower", {"-t", "ext4", "--json"}, "ext4", fs.dir(), comm,
                                   &pid, [&](const std::string& l) {
                                     return l.find("\"op\":\"fsync\"") != std::string::npos;
                                   });
  std::vector<JsonValue> ev = json_events(out);
  ASSERT_EQ(ev.size(), kFileCalls.size()) << out;
  const char* ops[] = {"open", "write", "write", "read", "read", "fsync"};
  const double bytes[] = {0, 4096, 1000, 4096, 1000, -1};
  const double offsets[] = {0, 0, 8192, 0, 8192, 0};
  for (size_t i = 0; i < ev.size(); i++) {
    EXPECT_EQ(ev[i]["op"].str, ops[i]);
    EXPECT_EQ(ev[i]["comm"].str, comm);
    EXPECT_EQ(ev[i]["pid"].num, pid);
    EXPECT_EQ(ev[i]["tid"].num, pid);
    EXPECT_EQ(ev[i]["file"].str, comm);
    EXPECT_EQ(ev[i]["offset"].num, offsets[i]);
    if (bytes[i] < 0)
      EXPECT_EQ(ev[i]["bytes"].kind, JsonValue::Null);  // fsync: the whole file
    else
      EXPECT_EQ(ev[i]["bytes"].num, bytes[i]);
    EXPECT_GE(ev[i]["lat_ms"].num, 0);
  }
}

// A threshold no call reaches: the banner says it, and no line comes.
TEST(fsslower, ThresholdLeavesFastCallsOut) {
  CS_REQUIRE_BPF();
  TestFs fs("ext4");
  ASSERT_FALSE(fs.dir().empty()) << fs.why();
  GatedWorkload w("fs_calls_gated", {"fsth", fs.dir() + "/fsth", "/dev/shm/fsth"});
  ToolProcess t("ext4slower", {"100000", "-p", std::to_string(w.pid())});
  ASSERT_TRUE(t.wait_for_out(kFsslowerHeader)) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  EXPECT_EQ(t.stop().code, 0);
  EXPECT_EQ(t.out(), "Tracing ext4 operations slower than 100000 ms... Hit Ctrl-C to end.\n" +
                         kFsslowerHeader + "\n");
}

TEST(fsslower, UsageErrorsExit2) {
  expect_usage_errors("fsslower", {{}, {"-t", "ext3"}, {"-t"}, {"-p", "0"}, {"-m", "x"},
                                   {"-t", "ext4", "-m", "1", "2"}, {"-t", "ext4", "1", "2"},
                                   {"-t", "ext4", "-c", "--json"}});
}

TEST(fsslower, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("fsslower", {"-t", "ext4"});
}

TEST(fsslower, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("fsslower", {"-t", "ext4"});
}

}  // namespace
