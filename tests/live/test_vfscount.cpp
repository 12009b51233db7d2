// Live tests for vfscount: a workload held at a gate makes 5 read() and 3
// write() calls on a file of its own; with -p on its pid, vfs_read and
// vfs_write must be counted exactly so.  Where the kernel has no kprobes,
// the tool's one line is asserted instead.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "file_workloads.h"
#include "gated_workload.h"
#include "harness.h"
#include "kernel_function_tools.h"
#include "workloads.h"

using namespace cstest;

namespace {

const std::string kNoKprobes =
    "kprobes are not available on this system (CONFIG_KPROBES): the vfs_* functions have no "
    "tracepoints to count them by";

// GATE READY FILE
CS_WORKLOAD(vfscount_calls) {
  int fd = open(args.at(2).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) _exit(2);
  if (!pass_workload_gate(args)) _exit(1);
  char c = 'x';
  bool ok = true;
  for (int i = 0; i < 3; i++) ok &= pwrite(fd, &c, 1, i) == 1;
  for (int i = 0; i < 5; i++) ok &= pread(fd, &c, 1, 0) == 1;
  _exit(ok ? 0 : 3);
}

TEST(vfscount, ExactCallsOfTheTracedProcess) {
  CS_REQUIRE_BPF();
  if (refuses_here("vfscount", {"1"}, kNoKprobes)) return;
  TempDir dir(unique_token("vc"));
  GatedWorkload w("vfscount_calls", {dir / "f"});
  ASSERT_TRUE(w.ready());
  ToolProcess t("vfscount", {"-p", std::to_string(w.pid())});
  // A kprobe on each of some 60 functions: slow to place under emulation.
  ASSERT_TRUE(t.wait_for_out("Tracing... Hit Ctrl-C to end.\n", std::chrono::seconds(120)))
      << t.describe();
  EXPECT_EQ(w.wait(), 0);
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  std::istringstream in(t.out());
  std::string l;
  std::map<std::string, long> counts;
  static const std::regex row(R"(^([0-9a-f]{16}) (\S+) +(\d+)$)");
  bool header = false;
  while (std::getline(in, l)) {
    if (l == "ADDR             FUNC                          COUNT") header = true;
    std::smatch m;
    if (header && std::regex_match(l, m, row)) counts[m[2]] += std::stol(m[3]);
  }
  EXPECT_TRUE(header) << t.describe();
  EXPECT_EQ(counts["vfs_read"], 5) << t.describe();
  EXPECT_EQ(counts["vfs_write"], 3) << t.describe();
}

TEST(vfscount, UsageErrorsExit2) {
  expect_usage_errors("vfscount", {{"-p", "0"}, {"0"}, {"1", "2"}});
}

}  // namespace
