// Live tests for dcstat: a workload held at a gate creates 8 new files of
// its own directory (each an O_CREAT open whose d_lookup finds nothing) and
// stats each of them: with -p on its pid the sums must be at least 8 slow
// lookups that missed and 8 references.  Where the kernel has neither fentry
// nor kprobes, the tool's one line is asserted instead.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

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

constexpr long kFiles = 8;

const std::string kNoHooks =
    "fentry and kprobes are not available on this system: lookup_fast and d_lookup, where dcache "
    "lookups are counted, have no tracepoints";

// GATE READY DIR
CS_WORKLOAD(dcstat_lookups) {
  if (!pass_workload_gate(args)) _exit(1);
  for (int i = 0; i < kFiles; i++) {
    std::string f = args.at(2) + "/new" + std::to_string(i);
    int fd = open(f.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    struct stat st;
    if (fd < 0 || close(fd) != 0 || stat(f.c_str(), &st) != 0) _exit(2);
  }
  _exit(0);
}

TEST(dcstat, SlowLookupsThatMissedAndReferences) {
  CS_REQUIRE_BPF();
  if (refuses_here("dcstat", {"1", "1"}, kNoHooks)) return;
  TempDir dir(unique_token("dc"));
  GatedWorkload w("dcstat_lookups", {dir.path()});
  ASSERT_TRUE(w.ready());
  ToolProcess t("dcstat", {"--json", "-p", std::to_string(w.pid())});
  ASSERT_TRUE(t.wait_for_out("\"type\":\"counts\"")) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  long refs = 0, slow = 0, miss = 0;
  auto sum = [&](const std::string& o) {
    refs = slow = miss = 0;
    for (const JsonValue& j : parse_json_lines(complete_lines(o))) {
      refs += static_cast<long>(j["refs"].num);
      slow += static_cast<long>(j["slow"].num);
      miss += static_cast<long>(j["miss"].num);
    }
  };
  EXPECT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    sum(o);
    return miss >= kFiles && refs >= kFiles;
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  sum(t.out());
  EXPECT_GE(refs, kFiles);
  EXPECT_GE(slow, miss);
  EXPECT_GE(miss, kFiles);
}

TEST(dcstat, TextLayout) {
  CS_REQUIRE_BPF();
  if (refuses_here("dcstat", {"0.2", "1"}, kNoHooks)) return;
  RunResult r = run_tool("dcstat", {"0.2", "2"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  std::vector<std::string> lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0], "TIME         REFS/s   SLOW/s   MISS/s     HIT%");
  static const std::regex row(R"(^\d\d:\d\d:\d\d:  +\d+ +\d+ +\d+ +\d+\.\d\d$)");
  for (size_t i = 1; i < lines.size(); i++) EXPECT_TRUE(std::regex_match(lines[i], row)) << lines[i];
}

TEST(dcstat, UsageErrorsExit2) {
  expect_usage_errors("dcstat", {{"-p", "0"}, {"0"}, {"1", "0"}, {"1", "2", "3"}});
}

}  // namespace
