// Live tests for execsnoop: each test execs this binary with a unique token in
// its arguments and looks for exactly that exec in the tool's output.
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <sstream>

#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

// exec() of a path that does not exist: ENOENT, the tool's RET is -2.
CS_WORKLOAD(exec_missing) {
  std::string path = "/nonexistent/" + args.at(0);
  char* argv[] = {const_cast<char*>(path.c_str()), const_cast<char*>(args.at(0).c_str()), nullptr};
  execv(path.c_str(), argv);
  return 0;
}

std::string self_comm() {
  std::string self = self_exe();
  return self.substr(self.rfind('/') + 1).substr(0, 15);
}

// The output line that holds `token`, or "".
std::string line_with(const ToolProcess& t, const std::string& token) {
  for (auto& l : t.out_lines())
    if (l.find(token) != std::string::npos) return l;
  return "";
}

struct Seen {
  std::set<pid_t> pids;
};

// Execs `noop TOKEN extra...` until the tool shows the token.
bool exec_until_seen(ToolProcess& t, const std::string& token, Seen& seen,
                     const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args{token};
  args.insert(args.end(), extra.begin(), extra.end());
  return t.cause_until(
      [&] {
        pid_t p = spawn_workload("noop", args);
        seen.pids.insert(p);
        wait_workload(p);
      },
      [&](const std::string& o, const std::string&) { return o.find(token) != std::string::npos; });
}

void expect_text_event(ToolProcess& t, const std::string& token, const Seen& seen) {
  std::string line = line_with(t, token);
  ASSERT_FALSE(line.empty()) << t.describe();
  std::istringstream in(line);
  std::string comm, arg0, w, name, tok;
  pid_t pid, ppid;
  int ret;
  in >> comm >> pid >> ppid >> ret >> arg0 >> w >> name >> tok;
  EXPECT_EQ(comm, self_comm()) << line;
  EXPECT_TRUE(seen.pids.count(pid)) << "pid " << pid << " is not one we spawned: " << line;
  EXPECT_EQ(ppid, getpid()) << line;
  EXPECT_EQ(ret, 0) << line;
  EXPECT_EQ(arg0, self_exe()) << line;
  EXPECT_EQ(w, "--workload") << line;
  EXPECT_EQ(name, "noop") << line;
  EXPECT_EQ(tok, token) << line;
}

TEST(execsnoop, SeesOwnExecWithPidPpidCommAndArgs) {
  CS_REQUIRE_BPF();
  ToolProcess t("execsnoop", {});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  EXPECT_NE(t.out().find("PCOMM            PID    PPID   RET ARGS"), std::string::npos);
  std::string token = unique_token();
  Seen seen;
  ASSERT_TRUE(exec_until_seen(t, token, seen)) << t.describe();
  expect_text_event(t, token, seen);
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

TEST(execsnoop, PerfBufferForced) {
  CS_REQUIRE_BPF();
  ToolProcess t("execsnoop", {"--buffer", "perf", "-v"});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  EXPECT_NE(t.err().find("perf buffer"), std::string::npos) << t.describe();
  std::string token = unique_token();
  Seen seen;
  ASSERT_TRUE(exec_until_seen(t, token, seen)) << t.describe();
  expect_text_event(t, token, seen);
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

// Every attach flavour this kernel offers reports the same event.
TEST(execsnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("execsnoop", {"--attach", mode});
    ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
    std::string token = unique_token();
    Seen seen;
    ASSERT_TRUE(exec_until_seen(t, token, seen)) << t.describe();
    expect_text_event(t, token, seen);
    Exit e = t.stop(SIGINT);
    EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  }
}

TEST(execsnoop, JsonLinesParseAndCarryFields) {
  CS_REQUIRE_BPF();
  ToolProcess t("execsnoop", {"--json"});
  std::string token = unique_token();
  Seen seen;
  ASSERT_TRUE(exec_until_seen(t, token, seen, {"two words"})) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  bool found = false;
  for (auto& j : parse_json_lines(t.out())) {
    const JsonValue& args = j["args"];
    if (args.kind != JsonValue::Array || args.items.size() < 5 || args[3].str != token) continue;
    found = true;
    EXPECT_EQ(args[4].str, "two words");
    EXPECT_EQ(j["comm"].str, self_comm());
    EXPECT_TRUE(seen.pids.count(static_cast<pid_t>(j["pid"].num)));
    EXPECT_EQ(j["ppid"].num, getpid());
    EXPECT_EQ(j["ret"].num, 0);
    EXPECT_EQ(j["uid"].num, 0);
    EXPECT_TRUE(j.has("time") && j.has("timestamp"));
  }
  EXPECT_TRUE(found) << t.describe();
}

TEST(execsnoop, FailedExecShownOnlyWithX) {
  CS_REQUIRE_BPF();
  for (bool with_x : {true, false}) {
    SCOPED_TRACE(with_x ? "-x" : "no -x");
    ToolProcess t("execsnoop", with_x ? std::vector<std::string>{"-x"} : std::vector<std::string>{});
    ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
    std::string failed = unique_token("csfail"), ok = unique_token();
    Seen seen;
    // The failed exec first, then a successful one as a fence: once the
    // fence shows, the failure has been reported or filtered.
    ASSERT_TRUE(t.cause_until(
        [&] {
          run_workload("exec_missing", {failed});
          seen.pids.insert(spawn_workload("noop", {ok}));
          wait_workload(*seen.pids.rbegin());
        },
        [&](const std::string& o, const std::string&) { return o.find(ok) != std::string::npos; }))
        << t.describe();
    std::string line = line_with(t, "/nonexistent/" + failed);
    if (with_x) {
      ASSERT_FALSE(line.empty()) << t.describe();
      EXPECT_NE(line.find(" -2 /nonexistent/" + failed + " " + failed), std::string::npos) << line;
    } else {
      EXPECT_TRUE(line.empty()) << line;
    }
    EXPECT_EQ(t.stop(SIGINT).code, 0);
  }
}

// An argv with terminal escapes and a newline must not reach the terminal raw
// or forge a second output line; JSON carries the exact bytes.
TEST(execsnoop, HostileArgumentsAreEscaped) {
  CS_REQUIRE_BPF();
  std::string token = unique_token();
  std::string evil = "\x1b[31mred\nFAKE LINE \x7f\xff";
  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "json" : "text");
    ToolProcess t("execsnoop", json ? std::vector<std::string>{"--json"} : std::vector<std::string>{});
    Seen seen;
    ASSERT_TRUE(exec_until_seen(t, token, seen, {evil})) << t.describe();
    EXPECT_EQ(t.stop(SIGINT).code, 0);
    EXPECT_EQ(t.out().find('\x1b'), std::string::npos) << "raw ESC in output";
    EXPECT_EQ(t.out().find("\nFAKE LINE"), std::string::npos) << "argv forged a line";
    if (!json) {
      EXPECT_NE(t.out().find(token + " \\e[31mred\\nFAKE LINE \\x7F\\xFF"), std::string::npos)
          << t.describe();
    } else {
      bool found = false;
      for (auto& j : parse_json_lines(t.out())) {
        const JsonValue& a = j["args"];
        if (a.items.size() >= 5 && a[3].str == token) {
          found = true;
          EXPECT_EQ(a[4].str, "\x1b[31mred\nFAKE LINE \x7f\xff");  // exact bytes (surrogateescape)
        }
      }
      EXPECT_TRUE(found) << t.describe();
    }
  }
}

TEST(execsnoop, FiltersByNameLineAndUid) {
  CS_REQUIRE_BPF();
  std::string token = unique_token();
  // -l matches the arguments (not the name, unlike libbpf-tools).
  ToolProcess t("execsnoop", {"-l", token, "-u", "0", "-n", self_comm().substr(0, 6)});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  Seen seen;
  ASSERT_TRUE(exec_until_seen(t, token, seen)) << t.describe();
  for (auto& l : t.out_lines())
    if (l.rfind("PCOMM", 0) != 0) {
      EXPECT_NE(l.find(token), std::string::npos) << l;
    }
  EXPECT_EQ(t.stop(SIGINT).code, 0);
}

TEST(execsnoop, ReaderClosingThePipeEndsTheTool) {
  CS_REQUIRE_BPF();
  ToolProcess t("execsnoop", {});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  t.close_stdout();  // like `execsnoop | head -1` after the first line
  run_workload("noop", {unique_token()});
  Exit e = t.wait(std::chrono::seconds(10));
  EXPECT_TRUE(e.exited && e.code == 0) << "exit " << e.code << " signal " << e.signal;
}

TEST(execsnoop, UsageErrorsExit2) {
  expect_usage_errors("execsnoop", {{"--no-such-flag"}, {"-u", "12abc"}, {"--max-args", "0"}, {"-P", "-5"},
                                    {"-c", "/sys/fs/cgroup/no/such/cgroup"}, {"--attach", "sideways"}});
}

TEST(execsnoop, HelpAndVersionExit0) {
  RunResult h = run_tool("execsnoop", {"--help"});
  EXPECT_EQ(h.exit.code, 0);
  EXPECT_NE(h.out.find("EXAMPLES"), std::string::npos);
  RunResult v = run_tool("execsnoop", {"--version"});
  EXPECT_EQ(v.exit.code, 0);
  EXPECT_NE(v.out.find("corescope"), std::string::npos);
}

TEST(execsnoop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("execsnoop");
}

TEST(execsnoop, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("execsnoop");
}

}  // namespace
