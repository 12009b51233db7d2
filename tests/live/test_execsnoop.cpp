// Live tests for execsnoop: each test execs this binary with a unique token in
// its arguments and looks for exactly that exec in the tool's output.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
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

// Execs with an argv[0] the tool must not show: the filename given to the
// call stands in its place.  args: MODE TOKEN [PATH].  The directory fd is 9
// and the file fd 8, so the test knows the kernel's /dev/fd/N names.  A
// failed exec exits with its errno (a successful one becomes noop: 0).
CS_WORKLOAD(exec_call) {
  const std::string& mode = args.at(0);
  const std::string& token = args.at(1);
  std::string self = self_exe();
  std::string dir = self.substr(0, self.rfind('/')), base = self.substr(self.rfind('/') + 1);
  std::vector<std::string> v{"decoy-argv0", "--workload", "noop", token};
  if (mode == "execve-missing" || mode == "execveat-missing" || mode == "script") v = {"decoy-argv0", token};
  if (mode == "script-many") {  // more arguments than the BPF side counts
    v = {"decoy-argv0", token};
    for (int i = 1; i <= 300; i++) v.push_back("x" + std::to_string(i));
  }
  std::vector<char*> argv;
  for (auto& a : v) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  char* envp[] = {nullptr};
  dup2(open(dir.c_str(), O_RDONLY | O_DIRECTORY), 9);
  dup2(open(self.c_str(), O_RDONLY), 8);
  std::string missing = "/nonexistent-dir/" + token, missing_rel = "missing-" + token;
  if (mode == "execve-missing") syscall(SYS_execve, missing.c_str(), argv.data(), envp);
  if (mode == "execve-self") syscall(SYS_execve, self.c_str(), argv.data(), envp);
  if (mode == "execveat-dir") syscall(SYS_execveat, 9, base.c_str(), argv.data(), envp, 0);
  if (mode == "execveat-missing") syscall(SYS_execveat, 9, missing_rel.c_str(), argv.data(), envp, 0);
  if (mode == "execveat-empty") syscall(SYS_execveat, 8, "", argv.data(), envp, AT_EMPTY_PATH);
  if (mode == "script" || mode == "script-many") syscall(SYS_execve, args.at(2).c_str(), argv.data(), envp);
  return errno;
}

struct Fields {
  std::string comm;
  pid_t pid = 0, ppid = 0;
  int ret = 99;
  std::string args;  // the ARGS column, as printed
};

// PCOMM PID PPID RET ARGS; comm without spaces.
Fields fields_of(const std::string& line) {
  Fields f;
  std::istringstream in(line);
  in >> f.comm >> f.pid >> f.ppid >> f.ret;
  std::getline(in, f.args);
  if (!f.args.empty() && f.args[0] == ' ') f.args.erase(0, 1);
  return f;
}

// `s` as an extended regex that matches only itself.
std::string ere_literal(const std::string& s) {
  std::string r;
  for (char ch : s) {
    if (std::string_view(".[]()*+?{}|^$\\").find(ch) != std::string_view::npos) r += '\\';
    r += ch;
  }
  return r;
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
  std::map<pid_t, int> status;  // exit status of each, where known
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

// Runs before(), then a successful exec of `fence`, until the fence shows:
// whatever before() caused has then been reported or filtered.
bool cause_with_fence(ToolProcess& t, const std::function<void()>& before, const std::string& fence,
                      Seen& seen) {
  return t.cause_until(
      [&] {
        before();
        seen.pids.insert(spawn_workload("noop", {fence}));
        wait_workload(*seen.pids.rbegin());
      },
      [&](const std::string& o, const std::string&) { return o.find(fence) != std::string::npos; });
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

// Once the header is out: an exec of ours shows as one text line, then
// Ctrl-C ends the tool with 0.
void expect_own_exec(ToolProcess& t) {
  std::string token = unique_token();
  Seen seen;
  ASSERT_TRUE(exec_until_seen(t, token, seen)) << t.describe();
  expect_text_event(t, token, seen);
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

TEST(execsnoop, SeesOwnExecWithPidPpidCommAndArgs) {
  CS_REQUIRE_BPF();
  ToolProcess t("execsnoop", {});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  EXPECT_NE(t.out().find("PCOMM            PID    PPID   RET ARGS"), std::string::npos);
  expect_own_exec(t);
}

TEST(execsnoop, PerfBufferForced) {
  CS_REQUIRE_BPF();
  ToolProcess t("execsnoop", {"--buffer", "perf", "-v"});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  EXPECT_NE(t.err().find("perf buffer"), std::string::npos) << t.describe();
  expect_own_exec(t);
}

// Every attach flavour this kernel offers reports the same event.
TEST(execsnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("execsnoop", {"--attach", mode});
    ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
    ASSERT_NO_FATAL_FAILURE(expect_own_exec(t));
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
    if (args.kind != JsonValue::Array || args.items.size() < 4 || args[2].str != token) continue;
    found = true;
    // args: argv[1..]; the filename comes apart, as ARGS shows it.
    EXPECT_EQ(j["filename"].str, self_exe());
    EXPECT_EQ(args.items.size(), 4u);
    EXPECT_EQ(args[0].str, "--workload");
    EXPECT_EQ(args[1].str, "noop");
    EXPECT_EQ(args[3].str, "two words");
    EXPECT_FALSE(j["args_truncated"].b);
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
    ASSERT_TRUE(cause_with_fence(t, [&] { run_workload("exec_missing", {failed}); }, ok, seen))
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

// Runs `exec_call MODE TOKEN [PATH]` until the tool prints `expect_args`;
// returns that line's fields.
Fields exec_call_until(ToolProcess& t, const std::vector<std::string>& call,
                       const std::string& expect_args, Seen& seen) {
  bool ok = t.cause_until(
      [&] {
        pid_t p = spawn_workload("exec_call", call);
        seen.pids.insert(p);
        seen.status[p] = wait_workload(p);
      },
      [&](const std::string& o, const std::string&) { return o.find(expect_args) != std::string::npos; });
  EXPECT_TRUE(ok) << "no line with: " << expect_args << "\n" << t.describe();
  for (auto& l : t.out_lines())
    if (l.find(expect_args) != std::string::npos) return fields_of(l);
  return {};
}

// Like bcc and libbpf-tools: ARGS starts with the filename the call was
// given, not with argv[0]; for execveat() relative to a directory fd, the
// kernel's name for it (/dev/fd/N/NAME).  Failed calls show it too.
TEST(execsnoop, ArgsStartWithTheFilenameExecWasGiven) {
  CS_REQUIRE_BPF();
  std::string self = self_exe(), base = self.substr(self.rfind('/') + 1);
  ToolProcess t("execsnoop", {"-x"});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  struct Case {
    std::string mode;
    int ret;  // what the call returns here; execveat() may fail where execve() works
    std::string args_before_token;
  };
  std::string tail = " --workload noop ";
  for (const Case& c : std::vector<Case>{
           {"execve-missing", -2, "/nonexistent-dir/{T} "},
           {"execve-self", 0, self + tail},
           {"execveat-dir", 0, "/dev/fd/9/" + base + tail},
           {"execveat-missing", -2, "/dev/fd/9/missing-{T} "},
           {"execveat-empty", 0, "/dev/fd/8" + tail},
       }) {
    SCOPED_TRACE(c.mode);
    std::string token = unique_token();
    std::string want = c.args_before_token;
    if (size_t at = want.find("{T}"); at != std::string::npos) want.replace(at, 3, token);
    want += token;
    Seen seen;
    Fields f = exec_call_until(t, {c.mode, token}, want, seen);
    EXPECT_EQ(f.args, want);
    // RET is what the call returned to the workload (the 5.10 VM answers
    // execveat() by fd with ENOENT); execve() must give the expected one.
    ASSERT_TRUE(seen.status.count(f.pid)) << f.pid;
    EXPECT_EQ(f.ret, -seen.status[f.pid]);
    if (c.mode.rfind("execve-", 0) == 0) {
      EXPECT_EQ(f.ret, c.ret);
    }
    EXPECT_TRUE(seen.pids.count(f.pid)) << f.pid;
    EXPECT_EQ(f.ppid, getpid());
    EXPECT_EQ(f.comm, self_comm());
  }
  EXPECT_EQ(t.out().find("decoy-argv0"), std::string::npos) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
}

// The same with 300 arguments, more than the BPF side counts: the
// arguments still start with the caller's argv[1], after the interpreter's.
TEST(execsnoop, ScriptWithManyArgumentsShowsTheCallersFirst) {
  CS_REQUIRE_BPF();
  if (access("/bin/sh", X_OK) != 0) GTEST_SKIP() << "no /bin/sh";
  std::string token = unique_token();
  std::string script = "/tmp/" + token + "-many";
  std::ofstream(script) << "#!/bin/sh -e\nexit 0\n";
  chmod(script.c_str(), 0755);
  ToolProcess t("execsnoop", {"--json"});
  pid_t pid = 0;
  ASSERT_TRUE(t.cause_until(
      [&] {
        pid = spawn_workload("exec_call", {"script-many", token, script});
        wait_workload(pid);
      },
      [&](const std::string& o, const std::string&) {
        return o.find("\"filename\":\"" + script + "\"") != std::string::npos;
      }))
      << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  std::remove(script.c_str());
  int found = 0;
  for (auto& j : json_events(t.out())) {
    if (j["filename"].str != script) continue;
    ++found;
    ASSERT_EQ(j["args"].kind, JsonValue::Array);
    ASSERT_EQ(j["args"].items.size(), 19u) << t.describe();  // --max-args 20, the filename first
    EXPECT_EQ(j["args"][0].str, token);
    EXPECT_EQ(j["args"][1].str, "x1");
    EXPECT_EQ(j["args"][18].str, "x18");
  }
  EXPECT_GE(found, 1) << t.describe();
}

// A #! script (with an interpreter argument, and through a second script)
// shows the script and its own arguments, not the interpreter's argv.
TEST(execsnoop, ScriptShowsItsPathNotTheInterpreters) {
  CS_REQUIRE_BPF();
  if (access("/bin/sh", X_OK) != 0) GTEST_SKIP() << "no /bin/sh";
  std::string token = unique_token();
  std::string outer = "/tmp/" + token + "-outer", inner = "/tmp/" + token + "-inner";
  std::ofstream(inner) << "#!/bin/sh -e\nexit 0\n";
  std::ofstream(outer) << "#!" << inner << "\n";
  chmod(inner.c_str(), 0755);
  chmod(outer.c_str(), 0755);
  ToolProcess t("execsnoop", {"--json"});
  Seen seen;
  for (const std::string& script : {inner, outer}) {
    SCOPED_TRACE(script);
    ASSERT_TRUE(t.cause_until(
        [&] {
          pid_t p = spawn_workload("exec_call", {"script", token, script});
          seen.pids.insert(p);
          wait_workload(p);
        },
        [&](const std::string& o, const std::string&) {
          return o.find("\"filename\":\"" + script + "\"") != std::string::npos;
        }))
        << t.describe();
  }
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  std::remove(inner.c_str());
  std::remove(outer.c_str());
  int found = 0;
  for (auto& j : json_events(t.out())) {
    const std::string& file = j["filename"].str;
    if (file != inner && file != outer) continue;
    ++found;
    ASSERT_EQ(j["args"].kind, JsonValue::Array);
    ASSERT_EQ(j["args"].items.size(), 1u) << file;
    EXPECT_EQ(j["args"][0].str, token);
    EXPECT_EQ(j["ret"].num, 0);
    EXPECT_EQ(j["comm"].str, file.substr(file.rfind('/') + 1).substr(0, 15));
    EXPECT_TRUE(seen.pids.count(static_cast<pid_t>(j["pid"].num)));
  }
  EXPECT_GE(found, 2) << t.describe();
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
        if (a.items.size() >= 4 && a[2].str == token) {
          found = true;
          EXPECT_EQ(a[3].str, "\x1b[31mred\nFAKE LINE \x7f\xff");  // exact bytes (surrogateescape)
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

// -n and -l are extended regular expressions, as bcc documents them: -n on
// the process name, -l on the command line as shown (filename and arguments
// joined by spaces).  Substring matching would find nothing for these.
TEST(execsnoop, NameAndLineAreRegularExpressions) {
  CS_REQUIRE_BPF();
  std::string token = unique_token(), other = unique_token();
  std::string line_re = "^" + ere_literal(self_exe()) + " --workload noop (" + token + "|nomatch)$";
  ToolProcess t("execsnoop", {"-n", "^(nomatch|" + ere_literal(self_comm()) + ")$", "-l", line_re});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  Seen seen;
  ASSERT_TRUE(cause_with_fence(t, [&] { run_workload("noop", {other}); }, token, seen)) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_EQ(t.out().find(other), std::string::npos) << t.describe();
  std::vector<std::string> lines = t.out_lines();
  ASSERT_EQ(lines.size(), 2u) << t.describe();  // the header, then only our exec
  Fields f = fields_of(lines[1]);
  EXPECT_EQ(f.args, self_exe() + " --workload noop " + token);
  EXPECT_EQ(f.comm, self_comm());
  EXPECT_TRUE(seen.pids.count(f.pid));
}

// -u takes a user name as well as a number.
TEST(execsnoop, UidFilterTakesAUserName) {
  CS_REQUIRE_BPF();
  ASSERT_EQ(getuid(), 0u);
  std::string token = unique_token();
  ToolProcess t("execsnoop", {"-u", "root", "-U", "-l", token});
  ASSERT_TRUE(t.wait_for_out("PCOMM")) << t.describe();
  Seen seen;
  ASSERT_TRUE(exec_until_seen(t, token, seen)) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  std::string line = line_with(t, token);
  std::istringstream in(line);
  std::string uid;
  in >> uid;
  EXPECT_EQ(uid, "0") << line;
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
  expect_usage_errors("execsnoop", {{"--cgroupmap", "/nonexistent/map"}, {"--mntnsmap", "/etc/passwd"}, {"-u", "12abc"}, {"--max-args", "0"}, {"-P", "-5"},
                                    {"-c", "/sys/fs/cgroup/no/such/cgroup"}, {"--attach", "sideways"},
                                    {"-u", "no-such-user-cs"}, {"-u", "4294967295"}, {"-u", ""},
                                    {"-n", "("}, {"-l", "[a"}, {"-n", "abcdefghijklmnop"}});
  // One line (and the hint): the regex error names the flag and the reason.
  RunResult r = run_tool("execsnoop", {"-n", "a(b"});
  EXPECT_EQ(r.err.rfind("execsnoop: -n a(b: not a valid extended regular expression: ", 0), 0u) << r.err;
  EXPECT_EQ(r.err.find("\n"), r.err.find("\nRun 'execsnoop --help'")) << r.err;
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
