// Live tests for klockstat: a workload names itself with a unique token and
// has eight threads write to one pipe while another reads it, so they fight
// over the pipe's mutex (taken in pipe_write / anon_pipe_write and the read
// side).  The tool, filtered to the workload with -p, must show that caller
// with a count.  What the kernel offers decides what is checked: with
// fentry/fexit (5.10, 6.1, 6.12 in the VM matrix) the hold table must be
// there too; with only the contention tracepoints (this host: no BPF
// trampolines) the tool must say so and print the wait table alone.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <regex>
#include <sstream>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr char kContentionOnly[] = "no fentry/fexit on this kernel";

int g_pipe[2];

void* pipe_writer(void*) {
  static char buf[4096];
  for (;;)
    if (write(g_pipe[1], buf, sizeof buf) < 0) return nullptr;
}

void* pipe_reader(void*) {
  static char buf[65536];
  for (;;)
    if (read(g_pipe[0], buf, sizeof buf) <= 0) return nullptr;
}

// args: COMM.  Eight writers and a reader on one pipe for at most 60 s.
CS_WORKLOAD(klockstat_pipe) {
  set_comm(args.at(0));  // the threads inherit it
  if (pipe(g_pipe) != 0) return 1;
  pthread_t t;
  for (int i = 0; i < 8; i++) pthread_create(&t, nullptr, pipe_writer, nullptr);
  pthread_create(&t, nullptr, pipe_reader, nullptr);
  sleep(60);
  _exit(0);
}

class PipeFight {
 public:
  explicit PipeFight(const std::string& comm) : pid_(spawn_workload("klockstat_pipe", {comm})) {
    wait_comm(pid_, comm);
  }
  ~PipeFight() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

// A row of the wait table for the pipe mutex: "<caller> <avg> <count> ...".
const std::regex kPipeRow(R"(^\s+(anon_)?pipe_(write|read)\+0x[0-9a-f]+\s+[0-9.]+ [a-z ]{2}\s+([0-9]+)\s)");

int pipe_row_count(const std::string& text) {
  std::istringstream in(text);
  int best = 0;
  std::smatch m;
  for (std::string l; std::getline(in, l);)
    if (std::regex_search(l, m, kPipeRow)) best = std::max(best, std::atoi(m[3].str().c_str()));
  return best;
}

bool contention_only(const ToolProcess& t) {
  return t.err().find(kContentionOnly) != std::string::npos;
}

void expect_clean_stop(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.out().find("Exiting trace of mutex/sem locks"), std::string::npos) << t.describe();
}

TEST(klockstat, SeesPipeMutexOfOwnThreads) {
  CS_REQUIRE_BPF();
  std::string token = unique_token("kl");
  PipeFight w(token);
  ToolProcess t("klockstat", {"-p", std::to_string(w.pid()), "-i", "1"});
  ASSERT_TRUE(t.wait_for_out("Tracing mutex/sem lock events...  Hit Ctrl-C to end")) << t.describe();
  ASSERT_TRUE(t.wait_until([](const std::string& o, const std::string&) {
    return pipe_row_count(o) > 0;
  })) << t.describe();
  EXPECT_NE(t.out().find("                               Caller  Avg Wait    Count   Max Wait   Total Wait"),
            std::string::npos) << t.describe();
  if (contention_only(t)) {
    EXPECT_EQ(t.out().find("Avg Hold"), std::string::npos) << t.describe();
  } else {
    ASSERT_TRUE(t.wait_for_out("  Avg Hold    Count   Max Hold   Total Hold")) << t.describe();
  }
  expect_clean_stop(t);
}

TEST(klockstat, JsonPerThreadNamesTheThreads) {
  CS_REQUIRE_BPF();
  std::string token = unique_token("kl");
  PipeFight w(token);
  ToolProcess t("klockstat", {"-p", std::to_string(w.pid()), "-P", "--json", "-i", "1"});
  JsonValue row;
  bool hold_times = false;
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    size_t end = o.rfind('\n');
    if (end == std::string::npos) return false;
    for (const JsonValue& j : parse_json_lines(o.substr(0, end + 1)))
      for (const JsonValue& l : j["locks"].items)
        if (l["comm"].str == token && l["wait"]["count"].num > 0) {
          row = l;
          hold_times = j["hold_times"].b;
          return true;
        }
    return false;
  })) << t.describe();
  EXPECT_GT(row["tid"].num, w.pid());  // one of the writer/reader threads
  EXPECT_EQ(row["wait"]["max_pid"].num, w.pid());
  EXPECT_EQ(row["wait"]["max_comm"].str, token);
  EXPECT_EQ(hold_times, !contention_only(t)) << t.describe();
  if (hold_times) {
    EXPECT_EQ(row["hold"]["max_pid"].num, w.pid());
  } else {
    EXPECT_EQ(row["hold"].kind, JsonValue::Null);
  }
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(t.out().find("Exiting"), std::string::npos);  // notes go to stderr with --json
}

// -s 3: the caller plus two more frames and the "Max PID" line naming us;
// then -L with that lock's address keeps it.
TEST(klockstat, StacksMaxLineAndLockFilter) {
  CS_REQUIRE_BPF();
  std::string token = unique_token("kl");
  PipeFight w(token);
  std::string max_line = "Max PID " + std::to_string(w.pid()) + ", COMM " + token + ", Lock ";
  std::string addr;
  {
    ToolProcess t("klockstat", {"-p", std::to_string(w.pid()), "-s", "3", "-i", "1"});
    ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
      return pipe_row_count(o) > 0 && o.find(max_line) != std::string::npos;
    })) << t.describe();
    std::smatch m;
    std::string out = t.out();
    ASSERT_TRUE(std::regex_search(out, m, std::regex(max_line + R"(\S+ \((0x[0-9a-f]+)\))")))
        << out;
    addr = m[1];
    expect_clean_stop(t);
  }
  ToolProcess t("klockstat", {"-p", std::to_string(w.pid()), "-L", addr, "--json", "-i", "1"});
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return o.find("\"max_lock_addr\":\"" + addr + "\"") != std::string::npos;
  })) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  for (const JsonValue& j : parse_json_lines(t.out())) {
    for (const JsonValue& l : j["locks"].items) {
      EXPECT_EQ(l["wait"]["max_lock_addr"].str, addr);
    }
  }
}

// A caller prefix nothing has, and a lock address no lock has: intervals
// (-T stamps each) go by without a row.
TEST(klockstat, FiltersThatMatchNothing) {
  CS_REQUIRE_BPF();
  std::string token = unique_token("kl");
  PipeFight w(token);
  for (const std::vector<std::string>& filter :
       {std::vector<std::string>{"-c", "cs_no_such_caller"}, {"-L", "0x10"}}) {
    std::vector<std::string> args{"-p", std::to_string(w.pid()), "-T", "-i", "0.5"};
    args.insert(args.end(), filter.begin(), filter.end());
    ToolProcess t("klockstat", args);
    ASSERT_TRUE(t.wait_until([](const std::string& o, const std::string&) {
      return std::count(o.begin(), o.end(), ':') >= 6;  // three HH:MM:SS stamps
    })) << t.describe();
    EXPECT_EQ(t.out().find("Caller"), std::string::npos) << t.describe();
    expect_clean_stop(t);
  }
}

TEST(klockstat, DurationAndIntervalEndByThemselves) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("klockstat", {"-d", "2", "-i", "1", "-T"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  int stamps = 0;
  std::istringstream in(r.out);
  for (std::string l; std::getline(in, l);)
    stamps += std::regex_match(l, std::regex(R"([0-9]{2}:[0-9]{2}:[0-9]{2} *)"));
  EXPECT_EQ(stamps, 2) << r.out;
  EXPECT_NE(r.out.find("Exiting trace of mutex/sem locks"), std::string::npos);
}

// Every flavour this kernel offers sees the pipe mutex; flavours it does
// not offer must fail with the attach error, exit 1.
TEST(klockstat, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  std::string token = unique_token("kl");
  PipeFight w(token);
  int worked = 0;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("klockstat", {"--attach", mode, "-v", "-p", std::to_string(w.pid()), "-i", "1"});
    if (!t.wait_for_out("Hit Ctrl-C to end")) {
      Exit e = t.wait();
      EXPECT_TRUE(e.exited && e.code == 1) << t.describe();
      EXPECT_NE(t.err().find("cannot attach on this kernel"), std::string::npos) << t.describe();
      continue;
    }
    const char* tiers = mode == "fentry" ? "(fentry|tp_btf)" : mode == "raw" ? "raw_tp" : "tracepoint";
    EXPECT_TRUE(std::regex_search(t.err(), std::regex(std::string("using ") + tiers + " programs")))
        << t.describe();
    EXPECT_EQ(contention_only(t), t.err().find("using fentry programs") == std::string::npos);
    ASSERT_TRUE(t.wait_until([](const std::string& o, const std::string&) {
      return pipe_row_count(o) > 0;
    })) << t.describe();
    expect_clean_stop(t);
    worked++;
  }
  EXPECT_GT(worked, 0);
}

TEST(klockstat, BadUsage) {
  expect_usage_errors("klockstat", {{"-S", "acq_bogus"}, {"-S", "max"},
                                    {"-P", "-s", "2"}, {"-n", "0"}, {"-i", "0"}, {"-i", "nan"},
                                    {"-p", "12abc"}, {"-s", "0"}, {"-L", ""}, {"-c", ""}});
  CS_REQUIRE_BPF();  // reading kallsyms with addresses needs root
  RunResult r = run_tool("klockstat", {"-L", "cs_no_such_lock_symbol"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 2) << r.err;
  EXPECT_NE(r.err.find("no kernel symbol cs_no_such_lock_symbol"), std::string::npos) << r.err;
}

}  // namespace
