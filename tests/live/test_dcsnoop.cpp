// Live tests for dcsnoop: a workload held at a gate creates 8 new files of
// its own directory, each an O_CREAT open whose d_lookup finds nothing: with
// -p on its pid, each name must show once as a miss (M); with -a its
// directory's name also shows as a reference (R).  Where the kernel has
// neither fentry nor kprobes, the tool's one line is asserted instead.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "file_workloads.h"
#include "gated_workload.h"
#include "harness.h"
#include "kernel_function_tools.h"
#include "workloads.h"

using namespace cstest;

namespace {

const std::string kNoHooks =
    "fentry and kprobes are not available on this system: lookup_fast and d_lookup, where dcache "
    "lookups are seen, have no tracepoints";
const std::string kHeader = "TIME(s)        PID COMM             T FILE";

// The lines of the workload (dcstat_lookups, test_dcstat.cpp) by type.
std::multiset<std::string> run(const std::vector<std::string>& extra, const std::string& token,
                               char type) {
  TempDir dir(token);
  GatedWorkload w("dcstat_lookups", {dir.path()});
  EXPECT_TRUE(w.ready());
  const std::string mine = std::to_string(w.pid());
  std::vector<std::string> args = extra;
  args.insert(args.end(), {"-p", mine});
  ToolProcess t("dcsnoop", args);
  EXPECT_TRUE(t.wait_for_out(kHeader + "\n")) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  EXPECT_TRUE(t.wait_for_out(" M new7\n")) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  std::multiset<std::string> names;
  std::istringstream in(t.out());
  std::string l, time, pid, comm, ty, name;
  std::getline(in, l);
  while (std::getline(in, l)) {
    std::istringstream f(l);
    f >> time >> pid >> comm >> ty >> name;
    EXPECT_EQ(pid, mine) << l;
    if (ty.size() == 1 && ty[0] == type) names.insert(name);
  }
  return names;
}

TEST(dcsnoop, EachNewFileIsOneMiss) {
  CS_REQUIRE_BPF();
  if (refuses_here("dcsnoop", {"--duration", "0.2"}, kNoHooks)) return;
  std::multiset<std::string> m = run({}, unique_token("ds"), 'M');
  for (int i = 0; i < 8; i++) EXPECT_EQ(m.count("new" + std::to_string(i)), 1u) << i;
}

TEST(dcsnoop, AllShowsReferencesToo) {
  CS_REQUIRE_BPF();
  if (refuses_here("dcsnoop", {"-a", "--duration", "0.2"}, kNoHooks)) return;
  std::string token = unique_token("ds");
  std::multiset<std::string> r = run({"-a"}, token, 'R');
  // As bcc prints it, a reference's FILE is the path from the component on:
  // each open and stat walks through "<token>/new<i>".
  for (int i = 0; i < 8; i++) EXPECT_GE(r.count(token + "/new" + std::to_string(i)), 1u) << i;
}

TEST(dcsnoop, UsageErrorsExit2) {
  expect_usage_errors("dcsnoop", {{"-p", "0"}, {"--duration", "0"}, {"extra"}});
}

}  // namespace
