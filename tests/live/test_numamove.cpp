// Live tests for numamove.  NUMA-balancing migrations need two or more NUMA
// nodes and kernel.numa_balancing on; a test cannot cause one on a machine
// with a single node (this host, the kernel-matrix VMs).  There the tests
// prove that the tool attaches with every flavour, prints its header and one
// row per second with zero counts, says why the counts stay zero, and exits 0
// on Ctrl-C.  No event is faked.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include "harness.h"

using namespace cstest;

namespace {

std::string first_line(const std::string& path) {
  std::ifstream f(path);
  std::string l;
  if (!f || !std::getline(f, l)) return "-";
  return l;
}

// True when this machine cannot migrate a page for NUMA balancing.
bool single_node() {
  std::string nodes = first_line("/sys/devices/system/node/online");
  return nodes == "-" || nodes.find_first_of("-,") == std::string::npos;
}

// Can the kernel give numamove a hook of the kind `mode` asks for?  The
// tracepoint pair serves every mode; only "raw" and "auto" also accept the
// kprobe on migrate_misplaced_page (5.10, which lacks the start tracepoint).
bool hook_exists(const std::string& mode) {
  if (ensure_tracefs() && access("/sys/kernel/tracing/events/migrate/mm_migrate_pages_start", F_OK) == 0)
    return true;
  if (mode == "fentry" || mode == "tracepoint") return false;
  if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) != 0) return false;
  std::ifstream ks("/proc/kallsyms");
  std::string line;
  while (std::getline(ks, line))
    if (line.ends_with(" migrate_misplaced_page")) return true;
  return false;
}

const char* kHeader = "TIME          NUMA_migrations NUMA_migrations_ms\n";

// "%-10s %18llu %18llu": HH:MM:SS, then two right-aligned counts.
const std::regex kRow(R"(^\d\d:\d\d:\d\d   [ \d]{17}\d [ \d]{17}\d$)");

size_t count_rows(const std::string& out) {
  size_t n = 0;
  std::istringstream in(out);
  std::string l;
  while (std::getline(in, l)) n += std::regex_match(l, kRow);
  return n;
}

// Starts numamove in this --attach mode; either it runs (header, rows, exit 0
// on Ctrl-C) or, only where the kernel lacks the hooks, it fails naming them.
void expect_runs(const std::string& mode) {
  bool can = hook_exists(mode);
  std::vector<std::string> args;
  if (mode != "auto") args = {"--attach", mode};
  ToolProcess t("numamove", args);
  bool up = t.wait_until([](const std::string& o, const std::string&) { return count_rows(o) >= 2; });
  if (!can && !up) {
    Exit e = t.wait();
    EXPECT_EQ(e.code, 1) << t.describe();
    EXPECT_NE(t.err().find("mm_migrate_pages_start"), std::string::npos) << t.describe();
    EXPECT_EQ(std::count(t.err().begin(), t.err().end(), '\n'), 1) << "one line: " << t.err();
    return;
  }
  ASSERT_TRUE(up) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out().rfind(kHeader, 0), 0u) << t.describe();
  std::istringstream in(t.out());
  std::string l;
  std::getline(in, l);  // header
  while (std::getline(in, l)) {
    EXPECT_TRUE(std::regex_match(l, kRow)) << "bad row: '" << l << "'";
    if (single_node()) {
      EXPECT_EQ(l.substr(8), std::string(3 + 17, ' ') + "0" + std::string(18, ' ') + "0") << l;
    }
  }
  if (single_node()) {
    EXPECT_NE(t.err().find("so no NUMA migration can happen"), std::string::npos) << t.describe();
  }
}

TEST(numamove, HeaderAndOneRowPerSecond) {
  CS_REQUIRE_BPF();
  expect_runs("auto");
}

// Every attach flavour this kernel offers.
TEST(numamove, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    expect_runs(mode);
  }
}

TEST(numamove, JsonOneObjectPerSecond) {
  CS_REQUIRE_BPF();
  ToolProcess t("numamove", {"--json"});
  ASSERT_TRUE(t.wait_until([](const std::string& o, const std::string&) {
    return std::count(o.begin(), o.end(), '\n') >= 2;
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_NE(t.err().find("Tracing NUMA page migrations"), std::string::npos) << t.describe();
  auto objs = parse_json_lines(t.out());
  ASSERT_GE(objs.size(), 2u) << t.describe();
  for (auto& j : objs) {
    EXPECT_EQ(j["time"].str.size(), 8u);
    ASSERT_TRUE(j.has("numa_migrations") && j.has("numa_migrations_ms") && j.has("numa_migrations_ns"));
    if (single_node()) {
      EXPECT_EQ(j["numa_migrations"].num, 0);
      EXPECT_EQ(j["numa_migrations_ns"].num, 0);
    }
  }
}

TEST(numamove, UsageErrorsExit2) {
  expect_usage_errors("numamove", {{"-p", "1"}, {"1"}, {"--attach", "sideways"}});
}

TEST(numamove, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("numamove");
}

TEST(numamove, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("numamove");
}

}  // namespace
