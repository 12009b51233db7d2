// Live tests for fsdist -t TYPE: the workload's calls counted per operation
// on ext4 (JSON and text), the usage errors.  The aliases have a test file
// each (test_xfsdist.cpp ...).
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <vector>

#include "file_systems.h"
#include "fs_tool_checks.h"
#include "gated_workload.h"
#include "harness.h"

using namespace cstest;

namespace {

TEST(fsdist, TypeFlagCountsEachOperationOnExt4) {
  CS_REQUIRE_BPF();
  expect_fs_hists("fsdist", "ext4", {"-t", "ext4"});
}

// libbpf-tools' text: a blank line, then per operation seen
// "operation = 'NAME'", the histogram, a blank line; -T adds the time.
TEST(fsdist, TextHasAHistogramPerOperationInOrder) {
  CS_REQUIRE_BPF();
  TestFs fs("ext4");
  ASSERT_FALSE(fs.dir().empty()) << fs.why();
  for (bool stamp : {false, true}) {
    SCOPED_TRACE(stamp);
    std::string comm = unique_token("fd");
    GatedWorkload w("fs_calls_gated", {comm, fs.dir() + "/" + comm, other_fs_file("ext4", comm)});
    std::vector<std::string> args = {"-p", std::to_string(w.pid())};
    if (stamp) args.push_back("-T");
    ToolProcess t("ext4dist", args);
    const std::string banner = "Tracing ext4 operation latency... Hit Ctrl-C to end.\n";
    ASSERT_TRUE(t.wait_for_out(banner)) << t.describe();
    EXPECT_EQ(w.wait(), 0);
    Exit e = t.stop(SIGINT);
    ASSERT_TRUE(e.exited && e.code == 0) << t.describe();
    std::vector<std::string> lines = lines_of(t.out());
    ASSERT_GE(lines.size(), 3u) << t.out();
    EXPECT_EQ(lines[0] + "\n", banner);
    size_t at = 1;
    EXPECT_EQ(lines[at++], "");
    if (stamp) {
      EXPECT_TRUE(is_hms(lines[at++])) << t.out();
    }
    std::vector<std::string> ops;
    for (; at < lines.size(); at++) {
      if (lines[at].rfind("operation = '", 0) != 0) continue;
      ops.push_back(lines[at]);
      ASSERT_LT(at + 1, lines.size());
      EXPECT_EQ(lines[at + 1], "     usecs               : count    distribution");
    }
    EXPECT_EQ(ops, (std::vector<std::string>{"operation = 'read'", "operation = 'write'",
                                             "operation = 'open'", "operation = 'fsync'",
                                             "operation = 'getattr'"}))
        << t.out();
    EXPECT_EQ(t.out().substr(t.out().size() - 2), "\n\n");
  }
}

TEST(fsdist, UsageErrorsExit2) {
  expect_usage_errors("fsdist", {{}, {"-t", "ext3"}, {"-t"}, {"-p", "0"},
                                 {"-t", "ext4", "0"}, {"-t", "ext4", "1", "0"},
                                 {"-t", "ext4", "1", "2", "3"}});
}

TEST(fsdist, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("fsdist", {"-t", "ext4"});
}

TEST(fsdist, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("fsdist", {"-t", "ext4"});
}

}  // namespace
