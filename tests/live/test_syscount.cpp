// Live tests for syscount: a workload, held at a gate until the tool is
// attached, makes a known number of rare syscalls (getppid) and of failing
// ones (openat -> ENOENT, close -> EBADF); syscount -p <workload> must count
// exactly those.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <sstream>

#include "gated_workload.h"
#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr int kGetppid = 777;   // successful, rare syscall
constexpr int kOpenFail = 333;  // openat of a missing path: ENOENT
constexpr int kCloseFail = 222; // close(-1): EBADF

// args: GATE_FD READY_FD.  Says it is ready, waits for one byte (or EOF) on
// the gate, then makes the syscalls above and exits at once: nothing else.
CS_WORKLOAD(syscount_mix) {
  if (!pass_workload_gate(args)) _exit(1);
  for (int i = 0; i < kGetppid; i++) syscall(SYS_getppid);
  for (int i = 0; i < kOpenFail; i++)
    syscall(SYS_openat, AT_FDCWD, "/nonexistent/syscount-live-test", O_RDONLY);
  for (int i = 0; i < kCloseFail; i++) syscall(SYS_close, -1);
  _exit(0);
}

std::string self_comm() {
  std::string self = self_exe();
  return self.substr(self.rfind('/') + 1).substr(0, 15);
}

// Runs syscount on the workload: waits for the banner, releases the
// workload, waits for it, then Ctrl-C (the summary is printed at the end).
ToolProcess* run_on_workload(std::unique_ptr<ToolProcess>& t, std::vector<std::string> args,
                             bool json = false) {
  GatedWorkload w("syscount_mix");
  EXPECT_TRUE(w.ready());
  args.insert(args.begin(), {"-p", std::to_string(w.pid())});
  t = std::make_unique<ToolProcess>("syscount", args);
  bool up = json ? t->wait_for_err("Tracing syscalls") : t->wait_for_out("Tracing syscalls");
  if (!up) return nullptr;
  EXPECT_EQ(w.wait(), 0);
  Exit e = t->stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t->describe();
  return t.get();
}

// Rows of the text table: first column -> COUNT (and the rest of the line).
std::map<std::string, std::pair<long, std::string>> rows_of(const ToolProcess& t) {
  std::map<std::string, std::pair<long, std::string>> rows;
  bool in_table = false;
  for (auto& l : t.out_lines()) {
    if (l.rfind("SYSCALL", 0) == 0 || l.rfind("PID ", 0) == 0) {
      in_table = true;
      continue;
    }
    if (l.empty()) in_table = false;
    if (!in_table) continue;
    std::istringstream in(l);
    std::string name;
    long count = -1;
    in >> name >> count;
    std::string rest;
    std::getline(in, rest);
    rows[name] = {count, rest};
  }
  return rows;
}

TEST(syscount, CountsExactlyTheWorkloadsGetppidCalls) {
  CS_REQUIRE_BPF();
  std::unique_ptr<ToolProcess> t;
  ASSERT_TRUE(run_on_workload(t, {})) << t->describe();
  EXPECT_NE(t->out().find("Tracing syscalls, printing top 10... Ctrl+C to quit.\n"), std::string::npos);
  EXPECT_NE(t->out().find("\nSYSCALL                   COUNT\n"), std::string::npos) << t->describe();
  auto rows = rows_of(*t);
  ASSERT_TRUE(rows.count("getppid")) << t->describe();
  EXPECT_EQ(rows["getppid"].first, kGetppid) << t->describe();
  EXPECT_EQ(rows["openat"].first, kOpenFail) << t->describe();
  EXPECT_EQ(rows["close"].first, kCloseFail) << t->describe();
  // The interval's time stamp line: [HH:MM:SS].
  std::string out = t->out();
  size_t p = out.find("\n[");
  ASSERT_NE(p, std::string::npos);
  EXPECT_EQ(out[p + 4], ':');
  EXPECT_EQ(out[p + 10], ']');
}

TEST(syscount, FailuresOnlyAndOneErrno) {
  CS_REQUIRE_BPF();
  struct Case {
    std::vector<std::string> args;
    std::map<std::string, long> want;
  };
  for (const Case& k : std::vector<Case>{
           {{"-x"}, {{"openat", kOpenFail}, {"close", kCloseFail}}},
           {{"-x", "-e", "ENOENT"}, {{"openat", kOpenFail}}},
           {{"-e", "EBADF"}, {{"close", kCloseFail}}},
           {{"-e", "2"}, {{"openat", kOpenFail}}}}) {
    SCOPED_TRACE(k.args.back());
    std::unique_ptr<ToolProcess> t;
    ASSERT_TRUE(run_on_workload(t, k.args)) << t->describe();
    auto rows = rows_of(*t);
    EXPECT_EQ(rows.size(), k.want.size()) << t->describe();
    for (auto& [name, count] : k.want) EXPECT_EQ(rows[name].first, count) << t->describe();
    EXPECT_FALSE(rows.count("getppid")) << t->describe();
  }
}

TEST(syscount, LatencyInMicrosecondsAndMilliseconds) {
  CS_REQUIRE_BPF();
  for (bool ms : {false, true}) {
    SCOPED_TRACE(ms ? "-m" : "us");
    std::unique_ptr<ToolProcess> t;
    std::vector<std::string> args{"-L"};
    if (ms) args.push_back("-m");
    ASSERT_TRUE(run_on_workload(t, args)) << t->describe();
    std::string header = std::string("SYSCALL                   COUNT        TIME (") +
                         (ms ? "ms" : "us") + ")\n";
    EXPECT_NE(t->out().find(header), std::string::npos) << t->describe();
    auto rows = rows_of(*t);
    ASSERT_TRUE(rows.count("getppid")) << t->describe();
    EXPECT_EQ(rows["getppid"].first, kGetppid);
    double total = std::strtod(rows["getppid"].second.c_str(), nullptr);
    EXPECT_GT(total, 0) << rows["getppid"].second;
    EXPECT_LT(total, ms ? 10000 : 1e7) << "777 getppid() calls took more than 10 s?";
  }
}

TEST(syscount, ByProcess) {
  CS_REQUIRE_BPF();
  GatedWorkload w("syscount_mix");
  ASSERT_TRUE(w.ready());
  const std::string pid = std::to_string(w.pid());
  ToolProcess t("syscount", {"-P", "-p", pid});
  ASSERT_TRUE(t.wait_for_out("Tracing syscalls")) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_NE(t.out().find("\nPID    COMM               COUNT\n"), std::string::npos) << t.describe();
  std::string line;
  for (auto& l : t.out_lines())
    if (l.rfind(pid + " ", 0) == 0) line = l;
  ASSERT_FALSE(line.empty()) << t.describe();
  std::istringstream in(line);
  std::string shown_pid, comm;
  long count = 0;
  in >> shown_pid >> comm >> count;
  EXPECT_EQ(comm, self_comm()) << line;
  EXPECT_GE(count, kGetppid + kOpenFail + kCloseFail) << line;
  // Columns: "%-6u %-15s %8llu".
  EXPECT_EQ(line.find(comm), 7u) << line;
}

TEST(syscount, JsonPerIntervalAddsUpToTheWorkload) {
  CS_REQUIRE_BPF();
  GatedWorkload w("syscount_mix");
  ASSERT_TRUE(w.ready());
  ToolProcess t("syscount", {"--json", "-L", "-i", "0.2", "-p", std::to_string(w.pid())});
  ASSERT_TRUE(t.wait_for_err("Tracing syscalls")) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  // Let at least one interval pass after the workload ended.
  ASSERT_TRUE(t.wait_until([](const std::string& o, const std::string&) {
    return o.find("\"getppid\"") != std::string::npos;
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  long getppid = 0;
  size_t objects = 0;
  for (auto& j : parse_json_lines(t.out())) {
    objects++;
    ASSERT_TRUE(j.has("time") && j.has("entries")) << t.describe();
    EXPECT_EQ(j["time"].str.size(), 8u);
    for (auto& e : j["entries"].items) {
      ASSERT_TRUE(e.has("syscall") && e.has("nr") && e.has("count") && e.has("total_ns"));
      if (e["syscall"].str == "getppid") {
        EXPECT_EQ(e["nr"].num, SYS_getppid);
        EXPECT_GT(e["total_ns"].num, 0);
        getppid += static_cast<long>(e["count"].num);
      }
    }
  }
  EXPECT_GE(objects, 2u) << "one object per interval expected: " << t.describe();
  EXPECT_EQ(getppid, kGetppid) << t.describe();
  EXPECT_EQ(t.out().find("SYSCALL"), std::string::npos) << "text table in --json output";
}

TEST(syscount, SyscallFilterAndTop) {
  CS_REQUIRE_BPF();
  for (auto args : std::vector<std::vector<std::string>>{{"--syscall", "getppid"}, {"-T", "1"}}) {
    SCOPED_TRACE(args[0]);
    std::unique_ptr<ToolProcess> t;
    ASSERT_TRUE(run_on_workload(t, args)) << t->describe();
    auto rows = rows_of(*t);
    ASSERT_EQ(rows.size(), 1u) << t->describe();
    EXPECT_EQ(rows["getppid"].first, kGetppid) << t->describe();
  }
}

// Every attach flavour this kernel offers counts the same calls.
TEST(syscount, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    for (bool latency : {false, true}) {
      std::unique_ptr<ToolProcess> t;
      std::vector<std::string> args{"--attach", mode, "-v"};
      if (latency) args.push_back("-L");
      ASSERT_TRUE(run_on_workload(t, args)) << t->describe();
      EXPECT_EQ(rows_of(*t)["getppid"].first, kGetppid) << t->describe();
      const char* tier = mode == "fentry" ? "tp_btf" : mode == "raw" ? "raw_tp" : "tracepoint";
      EXPECT_NE(t->err().find(std::string("using ") + tier + " programs"), std::string::npos)
          << t->err();
    }
  }
}

TEST(syscount, ListsSyscallsAndExits0) {
  RunResult r = run_tool("syscount", {"-l"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  EXPECT_EQ(r.out.rfind("  0: read\n", 0), 0u) << r.out.substr(0, 200);
  EXPECT_NE(r.out.find("\n 59: execve\n"), std::string::npos);
  EXPECT_NE(r.out.find("\n110: getppid\n"), std::string::npos);
  EXPECT_NE(r.out.find("\n257: openat\n"), std::string::npos);
}

TEST(syscount, UsageErrorsExit2) {
  expect_usage_errors("syscount", {{"-e", "ENOSUCHERR"}, {"-e", "0"}, {"-e", "4096"},
                                   {"-T", "0"}, {"-i", "abc"}, {"-i", "0"}, {"-e", ""}, {"-p", "12abc"}, {"-d", "0"},
                                   {"--syscall", "nosuchcall"}, {"-c", "/sys/fs/cgroup/no/such/cgroup"},
                                   {"stray"}});
}

TEST(syscount, DurationEndsWithSummaryAndExit0) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("syscount", {"-d", "0.5", "-T", "3"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  EXPECT_NE(r.out.find("Tracing syscalls, printing top 3"), std::string::npos) << r.out;
}

TEST(syscount, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("syscount");
}

TEST(syscount, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("syscount");
}

}  // namespace

// -i 0.2 -d 0.6 is three summaries, as libbpf-tools prints them: the last
// interval ends the run, with no fourth, near-empty summary after it.
TEST(syscount, DurationOfWholeIntervalsPrintsThatManySummaries) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("syscount", {"--json", "-i", "0.2", "-d", "0.6"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  EXPECT_EQ(parse_json_lines(r.out).size(), 3u) << r.out;
  RunResult partial = run_tool("syscount", {"--json", "-i", "0.2", "-d", "0.5"});
  EXPECT_EQ(parse_json_lines(partial.out).size(), 3u) << partial.out;  // 2 whole + the partial
}
