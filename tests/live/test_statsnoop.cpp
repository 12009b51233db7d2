// Live tests for statsnoop: a workload makes each stat-family call itself
// (through syscall(), so the C library cannot pick another one), on paths
// that hold a unique token, and the tool must print exactly those calls.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "harness.h"
#include "proc_helpers.h"
#include "syscall_family.h"

using namespace cstest;

namespace {

// CALL PATH: one stat-family call; the result as a status (0, or errno).
long stat_call(const std::string& call, const std::string& path) {
  alignas(8) char buf[512];  // struct stat, statx or statfs
  const char* p = path.c_str();
  long r = -1;
  if (call == "stat") r = syscall(SYS_stat, p, buf);
  else if (call == "lstat") r = syscall(SYS_lstat, p, buf);
  else if (call == "newfstatat") r = syscall(SYS_newfstatat, AT_FDCWD, p, buf, 0);
  else if (call == "statx") r = syscall(SYS_statx, AT_FDCWD, p, 0, 0x7ff /* STATX_BASIC_STATS */, buf);
  else if (call == "statfs") r = syscall(SYS_statfs, p, buf);
  else errno = EINVAL;
  return r == 0 ? 0 : errno;
}

// GATE READY COMM CALL PATH [CALL PATH...]: named COMM, after the gate.
CS_WORKLOAD(statsnoop_gated) {
  set_comm(args.at(2));
  if (!pass_workload_gate(args)) return 100;
  for (size_t i = 3; i + 1 < args.size(); i += 2) stat_call(args[i], args[i + 1]);
  return 0;
}

// COMM CALL PATH [CALL PATH...]: the same without a gate.
CS_WORKLOAD(statsnoop_calls) {
  set_comm(args.at(0));
  for (size_t i = 1; i + 1 < args.size(); i += 2) stat_call(args[i], args[i + 1]);
  return 0;
}

const char* const kCalls[] = {"stat", "lstat", "newfstatat", "statx", "statfs"};
const std::string kHeader = "PID     COMM                 RET  ERR  PATH";

// libbpf-tools' line: "%-7d %-20s %-4d %-4d %s".
std::string line(pid_t pid, const std::string& comm, int ret, int err, const std::string& path) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%-7d %-20s %-4d %-4d ", pid, comm.c_str(), ret, err);
  return buf + path;
}

// A file that exists, removed at the end.
struct TempFile {
  std::string path;
  TempFile() {
    const char* base = getenv("TMPDIR");
    path = std::string(base && *base ? base : "/tmp") + "/" + unique_token("csstat");
    std::ofstream(path) << "x";
  }
  ~TempFile() { unlink(path.c_str()); }
};

TEST(statsnoop, EveryCallShowsPidCommRetErrAndPath) {
  CS_REQUIRE_BPF();
  TempFile f;
  std::string comm = unique_token("st");
  std::vector<std::string> extra{comm}, expect;
  for (const char* call : kCalls)
    extra.insert(extra.end(), {call, f.path, call, "/nonexistent/" + comm + "-" + call});
  pid_t pid = 0;
  std::vector<std::string> got = gated_lines("statsnoop", {}, "statsnoop_gated", extra, kHeader,
                                             "/nonexistent/" + comm + "-statfs", &pid);
  for (const char* call : kCalls) {
    expect.push_back(line(pid, comm, 0, 0, f.path));
    expect.push_back(line(pid, comm, -1, ENOENT, "/nonexistent/" + comm + "-" + call));
  }
  EXPECT_EQ(got, expect);
}

TEST(statsnoop, FailedOnlyWithX) {
  CS_REQUIRE_BPF();
  TempFile f;
  std::string comm = unique_token("st");
  std::string missing = "/nonexistent/" + comm;
  pid_t pid = 0;
  std::vector<std::string> got =
      gated_lines("statsnoop", {"-x"}, "statsnoop_gated",
                  {comm, "statx", f.path, "statx", missing, "stat", f.path}, kHeader, missing, &pid);
  EXPECT_EQ(got, std::vector<std::string>{line(pid, comm, -1, ENOENT, missing)});
}

TEST(statsnoop, TimestampColumn) {
  CS_REQUIRE_BPF();
  TempFile f;
  std::string comm = unique_token("st");
  pid_t pid = 0;
  std::vector<std::string> got =
      gated_lines("statsnoop", {"-t"}, "statsnoop_gated", {comm, "lstat", f.path},
                  "TIME(s)        " + kHeader, f.path, &pid);
  ASSERT_EQ(got.size(), 1u);
  // "%-14.9f ": seconds since the start, nine decimals.
  std::string ts = got[0].substr(0, 15);
  EXPECT_EQ(ts.find('.') + 10, ts.find(' ')) << got[0];
  EXPECT_GT(std::strtod(ts.c_str(), nullptr), 0.0) << got[0];
  EXPECT_EQ(got[0].substr(15), line(pid, comm, 0, 0, f.path));
}

// Another process's calls are left out; every thread of the one traced is not.
TEST(statsnoop, PidFilterLeavesOtherProcessesOut) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("st");
  std::string other = "/nonexistent/" + comm + "-other", mine = "/nonexistent/" + comm;
  GatedWorkload w("statsnoop_gated", {comm, "stat", mine});
  ASSERT_TRUE(w.ready());
  ToolProcess t("statsnoop", {"-p", std::to_string(w.pid())});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  run_workload("statsnoop_calls", {comm, "stat", other});  // before the fence
  w.wait();
  ASSERT_TRUE(t.wait_for_out(mine)) << t.describe();
  EXPECT_EQ(t.out().find(other), std::string::npos) << t.describe();
  EXPECT_EQ(t.stop().code, 0);
}

// coreutils' stat(1) makes a statx() call: it shows with its path.
TEST(statsnoop, SeesTheStatCommand) {
  CS_REQUIRE_BPF();
  if (access("/usr/bin/stat", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/stat here";
  TempFile f;
  ToolProcess t("statsnoop", {});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  std::string cmd = "/usr/bin/stat -- " + f.path + " >/dev/null";
  ASSERT_TRUE(t.cause_until([&] { ASSERT_EQ(std::system(cmd.c_str()), 0); },
                            [&](const std::string& o, const std::string&) {
                              return o.find(" " + f.path + "\n") != std::string::npos;
                            }))
      << t.describe();
  for (auto& l : t.out_lines()) {
    if (l.size() > f.path.size() && l.compare(l.size() - f.path.size(), f.path.size(), f.path) == 0) {
      EXPECT_EQ(l.substr(8), line(0, "stat", 0, 0, f.path).substr(8)) << l;
    }
  }
  EXPECT_EQ(t.stop().code, 0);
}

TEST(statsnoop, JsonNamesTheCall) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("st");
  std::vector<std::string> args{comm};
  for (const char* call : kCalls) args.insert(args.end(), {call, "/nonexistent/" + comm + call});
  ToolProcess t("statsnoop", {"--json"});
  pid_t pid = run_when_attached(t, "statsnoop_calls", args, comm + "statfs");
  ASSERT_GT(pid, 0);
  std::string last = "\"pid\":" + std::to_string(pid);
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    size_t at = o.rfind(last);
    return at != std::string::npos && o.find(comm + "statfs", at) != std::string::npos &&
           o.back() == '\n';
  })) << t.describe();
  EXPECT_EQ(t.stop().code, 0);
  std::vector<std::string> calls;
  for (const JsonValue& j : json_events(t.out())) {
    if (j["pid"].num != pid) continue;
    calls.push_back(j["call"].str);
    EXPECT_EQ(j["path"].str, "/nonexistent/" + comm + j["call"].str);
    EXPECT_EQ(j["tid"].num, pid);
    EXPECT_EQ(j["uid"].num, getuid());
    EXPECT_EQ(j["comm"].str, comm);
    EXPECT_EQ(j["ret"].num, -1);
    EXPECT_EQ(j["err"].num, ENOENT);
    EXPECT_EQ(j["timestamp"].kind, JsonValue::Number);
  }
  EXPECT_EQ(calls, std::vector<std::string>(std::begin(kCalls), std::end(kCalls)));
}

// A path with terminal escapes and a newline is escaped in text and exact in JSON.
TEST(statsnoop, HostilePathIsEscapedInTextAndExactInJson) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("st");
  std::string path = "/nonexistent/" + comm + " \x1b[31mred\nFAKE LINE\t";
  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "json" : "text");
    ToolProcess t("statsnoop", json ? std::vector<std::string>{"--json"} : std::vector<std::string>{});
    ASSERT_TRUE(t.cause_until([&] { run_workload("statsnoop_calls", {comm, "statx", path}); },
                              [&](const std::string& o, const std::string&) {
                                return o.find(comm + " ") != std::string::npos;
                              }))
        << t.describe();
    EXPECT_EQ(t.stop().code, 0);
    EXPECT_EQ(t.out().find('\x1b'), std::string::npos) << "raw ESC in output";
    EXPECT_EQ(t.out().find("\nFAKE LINE"), std::string::npos) << "the path forged a line";
    if (!json) {
      EXPECT_NE(t.out().find(comm + " \\e[31mred\\nFAKE LINE\\t\n"), std::string::npos)
          << t.describe();
      continue;
    }
    bool found = false;
    for (const JsonValue& j : json_events(t.out()))
      if (j["comm"].str == comm) found = j["path"].str == path;
    EXPECT_TRUE(found) << t.describe();
  }
}

// tp_btf (what --attach fentry gives: there are no fexit programs), raw_tp
// and the raw_syscalls tracepoints each see the same call.
TEST(statsnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    std::string comm = unique_token("st"), missing = "/nonexistent/" + comm;
    pid_t pid = 0;
    std::vector<std::string> got =
        gated_lines("statsnoop", {"--attach", mode}, "statsnoop_gated",
                    {comm, "newfstatat", missing}, kHeader, missing, &pid);
    EXPECT_EQ(got, std::vector<std::string>{line(pid, comm, -1, ENOENT, missing)});
  }
}

TEST(statsnoop, UsageErrorsExit2) {
  expect_usage_errors("statsnoop", {{"-p", "12abc"}, {"-p", "0"}, {"--duration", "0"},
                                    {"-u", "-1"}, {"-d", "1"}, {"extra-argument"}});
}

TEST(statsnoop, HelpListsEveryFlag) {
  RunResult h = run_tool("statsnoop", {"--help"});
  for (const char* f : {"--pid", "--timestamp", "--failed", "--uid", "--cgroup", "--duration",
                        "--json", "--attach"})
    EXPECT_NE(h.out.find(f), std::string::npos) << f;
}

TEST(statsnoop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("statsnoop");
}

TEST(statsnoop, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("statsnoop");
}

}  // namespace
