// The contract every tool keeps with its caller, whatever it traces: output
// that cannot be written is an error (exit 1, one line), a reader that goes
// away is a normal end (exit 0), and Ctrl-C at any moment of start-up or
// later ends the tool cleanly (exit 0), never half-attached by the default
// action.  --help shows examples (exit 0), an unknown option is a usage
// error of one line and the --help hint (exit 2), --json prints typed JSON
// objects (docs/json.md).
// The tools' own tests check only what is theirs.
//
// These check the frontend's frame (common/runtime), the same code on every
// kernel, so the VM cells leave them to the host column (tests/vm/run-matrix).
// A new tool adds one CS_CONTRACT line below; ToolsHaveAContract checks it.
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <climits>
#include <cstring>
#include <ostream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "harness.h"

namespace cstest {
namespace {

using namespace std::chrono;

// Args that make the tool run here and print its first line at start.
struct ToolCase {
  std::string tool;
  std::vector<std::string> args;
};

std::set<std::string>& contracted() {
  static std::set<std::string> s;
  return s;
}

// The tool cannot run on this machine at all (hardware it lacks): its own
// one-line reason, checked by the tool's live tests.
bool unavailable_here(const std::string& err) {
  return err.find("is not available on this system") != std::string::npos ||
         err.find("are not available on this system") != std::string::npos;
}

// gtest prints a failed case by its parameter.
void PrintTo(const ToolCase& c, std::ostream* os) { *os << c.tool; }

// True while the process holds a BPF map, program or link.
bool holds_bpf_fd(pid_t pid) {
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  DIR* d = opendir(dir.c_str());
  if (!d) return false;
  bool found = false;
  char target[PATH_MAX];
  while (dirent* e = readdir(d)) {
    std::string link = dir + "/" + e->d_name;
    ssize_t n = readlink(link.c_str(), target, sizeof target - 1);
    if (n > 0 && std::string(target, n).rfind("anon_inode:bpf", 0) == 0) found = true;
  }
  closedir(d);
  return found;
}

class HostContract : public ::testing::TestWithParam<ToolCase> {};

TEST_P(HostContract, FullDiskIsAnErrorOfOneLine) {
  CS_REQUIRE_BPF();
  const ToolCase& c = GetParam();
  RunResult r = run_tool_with_stdout(c.tool, c.args, BrokenStdout::Full);
  if (unavailable_here(r.err)) GTEST_SKIP() << r.err;
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << "exit " << r.exit.code << ": " << r.err;
  int write_errors = 0;
  for (auto& l : lines_of(r.err))
    if (l.find("cannot write") != std::string::npos) {
      write_errors++;
      EXPECT_EQ(l, c.tool + ": cannot write to standard output: No space left on device");
    }
  EXPECT_EQ(write_errors, 1) << r.err;
}

TEST_P(HostContract, ClosedStdoutIsRefused) {
  const ToolCase& c = GetParam();
  RunResult r = run_tool_with_stdout(c.tool, c.args, BrokenStdout::Closed);
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << "exit " << r.exit.code << ": " << r.err;
  EXPECT_EQ(r.err, c.tool + ": standard output is closed\n");
}

// `tool | head -1`: the first line read, the reader gone.
TEST_P(HostContract, ReaderLeavingIsANormalEnd) {
  CS_REQUIRE_BPF();
  const ToolCase& c = GetParam();
  ToolProcess t(c.tool, c.args);
  bool first = t.wait_until([](const std::string& o, const std::string&) {
    return o.find('\n') != std::string::npos;
  });
  if (!first && unavailable_here(t.err())) GTEST_SKIP() << t.err();
  ASSERT_TRUE(first) << t.describe();
  t.close_stdout();
  Exit e = t.wait(seconds(20));
  EXPECT_TRUE(e.exited && e.code == 0) << "exit " << e.code << " signal " << e.signal << "\n"
                                       << t.describe();
  EXPECT_EQ(t.err().find("cannot write"), std::string::npos) << t.describe();
}

// A signal while the BPF objects load (the tool holds its first BPF fd)
// stays pending until the wait loop takes it.  Sent earlier, before main()
// could run, it would test the scheduler, not the tool.
TEST_P(HostContract, EarlySignalsEndCleanly) {
  CS_REQUIRE_BPF();
  const ToolCase& c = GetParam();
  for (int sig : {SIGINT, SIGTERM}) {
    SCOPED_TRACE(std::string(strsignal(sig)) + " while loading");
    ToolProcess t(c.tool, c.args);
    // Seen once is enough: start-up also opens and closes probe fds, so a
    // second look may fall between two of them.
    auto give_up = steady_clock::now() + seconds(10);
    bool held = false;
    while (!(held = holds_bpf_fd(t.pid())) && t.running() && steady_clock::now() < give_up)
      std::this_thread::sleep_for(microseconds(100));
    if (!t.running()) {  // gone before loading: only a tool that cannot run here
      t.wait();
      if (unavailable_here(t.err())) GTEST_SKIP() << t.err();
    }
    ASSERT_TRUE(held) << t.describe();
    Exit e = t.stop(sig);
    EXPECT_TRUE(e.exited && e.code == 0) << "exit " << e.code << " signal " << e.signal << "\n"
                                         << t.describe();
  }
}

// `tool --help`: the usage on stdout with its examples, exit 0; --version
// names the project.
TEST_P(HostContract, HelpHasExamplesAndExits0) {
  const ToolCase& c = GetParam();
  RunResult h = run_tool(c.tool, {"--help"});
  EXPECT_TRUE(h.exit.exited && h.exit.code == 0) << "exit " << h.exit.code << ": " << h.err;
  EXPECT_NE(h.out.find("EXAMPLES"), std::string::npos) << h.out;
  EXPECT_EQ(h.err, "");
  RunResult v = run_tool(c.tool, {"--version"});
  EXPECT_TRUE(v.exit.exited && v.exit.code == 0) << "exit " << v.exit.code << ": " << v.err;
  EXPECT_NE(v.out.find("corescope"), std::string::npos) << v.out;
}

// An option no tool has is a usage error: one line that names it, then the
// hint to --help.
TEST_P(HostContract, UnknownOptionIsAUsageError) {
  const ToolCase& c = GetParam();
  expect_usage_errors(c.tool, {{"--no-such-option"}});
  RunResult r = run_tool(c.tool, {"--no-such-option"});
  auto lines = lines_of(r.err);
  ASSERT_EQ(lines.size(), 2u) << r.err;
  EXPECT_EQ(lines[0].rfind(c.tool + ": ", 0), 0u) << r.err;
  EXPECT_NE(lines[0].find("--no-such-option"), std::string::npos) << r.err;
  EXPECT_EQ(lines[1], "Run '" + c.tool + " --help' for usage.") << r.err;
}

// Waits for the tool's first line (stdout or stderr): it is up, or says why
// it cannot be.
bool first_line(ToolProcess& t, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  return t.wait_until(
      [](const std::string& o, const std::string& e) {
        return o.find('\n') != std::string::npos || e.find('\n') != std::string::npos;
      },
      timeout);
}

// Ctrl-C once the tool runs is a normal end, whatever it printed by then.
// With --json every line of stdout, up to and with what Ctrl-C makes the
// tool print, is a JSON object whose "type" is one of docs/json.md's.
TEST_P(HostContract, SigintWhileRunningEndsWith0) {
  CS_REQUIRE_BPF();
  const ToolCase& c = GetParam();
  // The types docs/json.md names.
  const std::set<std::string> types{"event", "histogram", "table", "stack", "counts", "lost", "warning"};
  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "--json" : "text");
    std::vector<std::string> args = c.args;
    if (json) args.insert(args.begin(), "--json");
    ToolProcess t(c.tool, args);
    // An event tool's --json prints nothing until an event: there, holding
    // BPF objects and still running after a while is being up.
    bool up = json ? first_line(t, seconds(2)) || (t.running() && holds_bpf_fd(t.pid()))
                   : first_line(t);
    if (unavailable_here(t.err())) {
      t.wait();
      GTEST_SKIP() << t.err();
    }
    ASSERT_TRUE(up) << t.describe();
    Exit e = t.stop(SIGINT);
    EXPECT_TRUE(e.exited && e.code == 0) << "exit " << e.code << " signal " << e.signal << "\n"
                                         << t.describe();
    EXPECT_EQ(t.err().find("cannot write"), std::string::npos) << t.describe();
    if (!json) continue;
    EXPECT_TRUE(t.out().empty() || t.out().back() == '\n') << "a cut line: " << t.describe();
    for (const JsonValue& j : parse_json_lines(t.out())) {
      ASSERT_TRUE(j.has("type")) << "a JSON line without a \"type\"\n" << t.describe();
      ASSERT_EQ(j["type"].kind, JsonValue::String) << t.describe();
      EXPECT_TRUE(types.count(j["type"].str)) << j["type"].str << "\n" << t.describe();
    }
  }
}

// Every tool the build makes has a line below.
TEST(Contract, ToolsHaveAContract) {
  std::istringstream in(CS_TOOL_LIST);
  for (std::string tool; std::getline(in, tool, ',');)
    if (!tool.empty()) {
      EXPECT_TRUE(contracted().count(tool)) << tool << " has no CS_CONTRACT line";
    }
}

std::string case_name(const ::testing::TestParamInfo<ToolCase>&) { return "run"; }

bool note(const std::string& tool) {
  contracted().insert(tool);
  return true;
}

// The instantiation is named after the tool, so the kernel matrix files these
// tests under the tool's row.
#define CS_CONTRACT(tool, ...)                                                         \
  [[maybe_unused]] const bool contract_##tool = note(#tool);                           \
  INSTANTIATE_TEST_SUITE_P(tool, HostContract,                                         \
                           ::testing::Values(ToolCase{#tool, {__VA_ARGS__}}), case_name)

CS_CONTRACT(biolatency);
CS_CONTRACT(cachestat);
CS_CONTRACT(cachetop);
CS_CONTRACT(bitesize);
CS_CONTRACT(biopattern);
CS_CONTRACT(biostacks);
CS_CONTRACT(readahead);
CS_CONTRACT(mdflush);
CS_CONTRACT(biolatpcts, "vda");  // the disk of this host and of the VM
CS_CONTRACT(biosnoop);
CS_CONTRACT(biotop);
CS_CONTRACT(capable);
CS_CONTRACT(cpudist);
CS_CONTRACT(cpufreq);
CS_CONTRACT(dcsnoop);
CS_CONTRACT(dcstat);
CS_CONTRACT(execsnoop);
CS_CONTRACT(dirtop, "-d", "/tmp");
CS_CONTRACT(exitsnoop);
CS_CONTRACT(filegone);
CS_CONTRACT(filelife);
CS_CONTRACT(btrfsdist);
CS_CONTRACT(btrfsslower);
CS_CONTRACT(ext4dist);
CS_CONTRACT(ext4slower);
CS_CONTRACT(f2fsslower);
CS_CONTRACT(fileslower);
CS_CONTRACT(filetop);
CS_CONTRACT(fsdist, "-t", "ext4");
CS_CONTRACT(fsslower, "-t", "ext4");
CS_CONTRACT(futexctn);
CS_CONTRACT(hardirqs);
CS_CONTRACT(killsnoop);
CS_CONTRACT(klockstat);
CS_CONTRACT(llcstat);
CS_CONTRACT(mountsnoop);
CS_CONTRACT(nfsdist);
CS_CONTRACT(nfsslower);
CS_CONTRACT(numamove);
CS_CONTRACT(offcputime);
CS_CONTRACT(offwaketime);
CS_CONTRACT(oomkill);
CS_CONTRACT(opensnoop);
CS_CONTRACT(pidpersec);
CS_CONTRACT(profile);
CS_CONTRACT(runqlat);
CS_CONTRACT(runqlen);
CS_CONTRACT(runqslower);
CS_CONTRACT(sigsnoop);
CS_CONTRACT(softirqs);
CS_CONTRACT(softirqslower);
CS_CONTRACT(statsnoop);
CS_CONTRACT(syncsnoop);
CS_CONTRACT(tcplife);
CS_CONTRACT(tcpstates);
CS_CONTRACT(tcpretrans);
CS_CONTRACT(syscount);
CS_CONTRACT(threadsnoop);
CS_CONTRACT(vfscount);
CS_CONTRACT(vfsstat);
CS_CONTRACT(wakeuptime);
CS_CONTRACT(wqlat);
CS_CONTRACT(xfsdist);
CS_CONTRACT(xfsslower);
CS_CONTRACT(zfsdist);
CS_CONTRACT(zfsslower);

}  // namespace
}  // namespace cstest
