// Live tests for pidpersec: a workload, held at a gate until the tool is
// attached, forks a known number of children; the per-second lines must add
// up to them (exactly, when -p selects the workload as the parent).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <sstream>

#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr int kChildren = 37;

// args: GATE_FD READY_FD.  Says it is ready, waits for one byte (or EOF) on
// the gate, then forks kChildren children that exit at once.
CS_WORKLOAD(pidpersec_forks) {
  int gate = std::atoi(args.at(0).c_str()), ready = std::atoi(args.at(1).c_str());
  char c = 'r';
  if (write(ready, &c, 1) != 1 || read(gate, &c, 1) < 0) _exit(1);
  for (int i = 0; i < kChildren; i++) {
    pid_t p = fork();
    if (p == 0) _exit(0);
    if (p < 0) _exit(2);
    waitpid(p, nullptr, 0);
  }
  _exit(0);
}

// A workload that has started and now waits at a gate until open().  Our
// pipe ends are O_CLOEXEC, so closing them also releases the workload.
class GatedWorkload {
 public:
  explicit GatedWorkload(const std::string& name) {
    int gate[2], ready[2];
    if (pipe2(gate, O_CLOEXEC) != 0) return;
    if (pipe2(ready, O_CLOEXEC) != 0) return;
    fcntl(gate[0], F_SETFD, 0);  // the workload inherits these two
    fcntl(ready[1], F_SETFD, 0);
    pid_ = spawn_workload(name, {std::to_string(gate[0]), std::to_string(ready[1])});
    close(gate[0]);
    close(ready[1]);
    w_ = gate[1];
    char c;
    ready_ = read(ready[0], &c, 1) == 1;
    close(ready[0]);
  }
  ~GatedWorkload() {
    if (pid_ > 0) wait();
  }
  GatedWorkload(const GatedWorkload&) = delete;
  GatedWorkload& operator=(const GatedWorkload&) = delete;
  pid_t pid() const { return pid_; }
  bool ready() const { return ready_; }
  int wait() {
    if (w_ >= 0) {
      [[maybe_unused]] ssize_t n = write(w_, "x", 1);
      close(w_);
      w_ = -1;
    }
    int rc = wait_workload(pid_);
    pid_ = -1;
    return rc;
  }

 private:
  pid_t pid_ = -1;
  int w_ = -1;
  bool ready_ = false;
};

// Sum of the per-second counts so far; -1 if a line has the wrong form.
long sum_text(const std::string& out) {
  static const std::regex line(R"(^\d\d:\d\d:\d\d: PIDs/sec: (\d+)$)");
  long sum = 0;
  std::istringstream in(out);
  std::string l;
  while (std::getline(in, l)) {
    if (l == "Tracing... Ctrl-C to end.") continue;
    std::smatch m;
    if (!std::regex_match(l, m, line)) return -1;
    sum += std::stol(m[1]);
  }
  return sum;
}

long sum_json(const std::string& out) {
  long sum = 0;
  for (auto& j : parse_json_lines(out)) {
    if (!j.has("time") || !j.has("pids") || j["time"].str.size() != 8) return -1;
    sum += static_cast<long>(j["pids"].num);
  }
  return sum;
}

// Runs pidpersec with args (plus -p <workload> when by_pid), releases the
// workload and waits until the lines add up to at least kChildren.
long run_and_sum(const std::vector<std::string>& args, bool by_pid, std::string* out = nullptr) {
  GatedWorkload w("pidpersec_forks");
  EXPECT_TRUE(w.ready());
  std::vector<std::string> all = args;
  if (by_pid) all.insert(all.end(), {"-p", std::to_string(w.pid())});
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  ToolProcess t("pidpersec", all);
  bool up = json ? t.wait_for_err("Tracing... Ctrl-C to end.") : t.wait_for_out("Tracing... Ctrl-C to end.");
  EXPECT_TRUE(up) << t.describe();
  if (!up) return -1;
  EXPECT_EQ(w.wait(), 0);
  auto sum = [&](const std::string& o) { return json ? sum_json(o) : sum_text(o); };
  EXPECT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return sum(o) >= kChildren;
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  if (out) *out = t.out();
  long s = sum(t.out());
  EXPECT_GE(s, 0) << "malformed line: " << t.describe();
  return s;
}

TEST(pidpersec, CountsExactlyTheForksOfOneParent) {
  CS_REQUIRE_BPF();
  std::string out;
  EXPECT_EQ(run_and_sum({}, true, &out), kChildren) << out;
  EXPECT_EQ(out.rfind("Tracing... Ctrl-C to end.\n", 0), 0u) << out;
}

TEST(pidpersec, SystemWideCoversTheForks) {
  CS_REQUIRE_BPF();
  EXPECT_GE(run_and_sum({}, false), kChildren);
}

TEST(pidpersec, JsonOneObjectPerSecond) {
  CS_REQUIRE_BPF();
  std::string out;
  EXPECT_EQ(run_and_sum({"--json"}, true, &out), kChildren) << out;
  EXPECT_EQ(out.find("PIDs/sec"), std::string::npos) << out;
}

// Every attach flavour this kernel offers counts the same forks.
TEST(pidpersec, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    EXPECT_EQ(run_and_sum({"--attach", mode}, true), kChildren);
  }
}

TEST(pidpersec, PrintsALineEverySecond) {
  CS_REQUIRE_BPF();
  ToolProcess t("pidpersec", {});
  ASSERT_TRUE(t.wait_until([](const std::string& o, const std::string&) {
    return std::count(o.begin(), o.end(), '\n') >= 3;  // banner + 2 seconds
  })) << t.describe();
  EXPECT_EQ(t.stop(SIGINT).code, 0);
  EXPECT_GE(sum_text(t.out()), 0) << t.describe();
}

TEST(pidpersec, UsageErrorsExit2) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"--no-such-flag"}, {"-p", "12abc"}, {"-p", "0"}, {"-u", "x"}, {"1"},
           {"-c", "/sys/fs/cgroup/no/such/cgroup"}, {"--attach", "sideways"}}) {
    RunResult r = run_tool("pidpersec", args);
    EXPECT_TRUE(r.exit.exited && r.exit.code == 2) << args[0] << " -> " << r.exit.code << r.err;
    EXPECT_NE(r.err.find("pidpersec: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
  }
}

TEST(pidpersec, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool_unprivileged("pidpersec", {});
  EXPECT_EQ(r.exit.code, 1) << r.err;
  EXPECT_NE(r.err.find("CAP_BPF"), std::string::npos) << r.err;
}

}  // namespace
