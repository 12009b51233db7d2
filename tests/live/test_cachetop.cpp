// Live tests for cachetop: the workload of the cachestat tests (16 pages of
// a sparse file written, written back, dropped, read twice) under -p on its
// pid: its rows must add up to at least the pages it added and dirtied,
// under its pid and uid; its hits only where the kernel lets them be
// counted, and "-" with the one warning line where it does not.
#include <gtest/gtest.h>
#include <unistd.h>

#include <regex>
#include <string>
#include <vector>

#include "file_workloads.h"
#include "gated_workload.h"
#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr long kPages = 16;  // as test_cachestat.cpp's cachestat_pages

const std::string kHeader =
    "     PID UID      CMD                  HITS   MISSES  DIRTIES  READ_HIT% WRITE_HIT%";

struct Sums {
  long added = 0, dirtied = 0, accessed = 0, misses = 0, rows = 0, tables = 0;
  bool hits = false, mine_only = true;
};

Sums sum_tables(const std::string& out, pid_t pid) {
  Sums s;
  for (const JsonValue& j : parse_json_lines(complete_lines(out))) {
    if (j["type"].str != "table") continue;
    s.tables++;
    for (const JsonValue& r : j["rows"].items) {
      s.rows++;
      if (r["pid"].num != pid || r["uid"].num != getuid()) s.mine_only = false;
      s.added += static_cast<long>(r["added"].num);
      s.dirtied += static_cast<long>(r["dirtied"].num);
      s.misses += static_cast<long>(r["misses"].num);
      s.hits = r["hits"].kind == JsonValue::Number;
      if (s.hits) s.accessed += static_cast<long>(r["accessed"].num);
    }
  }
  return s;
}

TEST(cachetop, RowsOfTheTracedProcessCountItsPages) {
  CS_REQUIRE_BPF();
  TempDir dir(unique_token("ctp"));
  GatedWorkload w("cachestat_pages", {dir / "pages"});
  ASSERT_TRUE(w.ready());
  pid_t pid = w.pid();
  ToolProcess t("cachetop", {"--json", "-p", std::to_string(pid)});
  ASSERT_TRUE(t.wait_for_out("\"type\":\"table\"")) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  EXPECT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    Sums s = sum_tables(o, pid);
    return s.added >= kPages && s.dirtied >= kPages;
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  Sums s = sum_tables(t.out(), pid);
  EXPECT_TRUE(s.mine_only) << t.describe();
  EXPECT_GE(s.added, kPages);
  EXPECT_GE(s.dirtied, kPages);
  EXPECT_EQ(s.misses, s.added + s.dirtied);  // bcc's cachetop: pages added and dirtied
  if (s.hits) {
    EXPECT_GE(s.accessed, 2 * kPages);
    EXPECT_EQ(t.err(), "");
  } else {
    EXPECT_NE(t.err().find("cachetop: warning: hits not counted: page-cache accesses have no "
                           "tracepoint, and this kernel has neither fentry nor kprobes for "),
              std::string::npos)
        << t.err();
  }
}

// Piped: plain blocks, the loadavg line, the header, the rows, a blank line.
TEST(cachetop, TextBlocksWithTheLoadavgLine) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  RunResult r = run_tool("cachetop", {"--attach", "tracepoint", "-r", "3", "0.3", "2"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  std::vector<std::string> lines = lines_of(r.out);
  static const std::regex load(R"(^\d\d:\d\d:\d\d loadavg: .*$)");
  static const std::regex row(R"(^ +\d+ \d+ +.{16}        - +\d+ +\d+          -          -$)");
  int blocks = 0;
  for (size_t i = 0; i < lines.size(); i++) {
    if (!std::regex_match(lines[i], load)) continue;
    blocks++;
    ASSERT_LT(i + 2, lines.size()) << r.out;
    EXPECT_EQ(lines[i + 1], "") << r.out;
    EXPECT_EQ(lines[i + 2], kHeader) << r.out;
    size_t n = 0;
    for (size_t k = i + 3; k < lines.size() && !lines[k].empty(); k++, n++)
      EXPECT_TRUE(std::regex_match(lines[k], row)) << lines[k];
    EXPECT_LE(n, 3u) << r.out;
  }
  EXPECT_EQ(blocks, 2) << r.out;
}

TEST(cachetop, UsageErrorsExit2) {
  expect_usage_errors("cachetop", {{"-s", "nope"}, {"-r", "0"}, {"-p", "0"}, {"0"}, {"1", "2", "3"}});
}

TEST(cachetop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("cachetop");
}

}  // namespace
