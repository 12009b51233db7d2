// Live tests for llcstat.  Where the CPU offers no hardware cache events to
// perf_event_open (most virtual machines, this test's own probe decides),
// the tool must say exactly that and exit 1.  Where it does, a workload that
// streams through memory under a unique comm must show up in the summary
// with its PID and non-zero references.
#include <gtest/gtest.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <vector>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

// 0 when PERF_COUNT_HW_CACHE_MISSES can be opened on CPU 0, else the errno.
int cache_event_errno() {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_CACHE_MISSES;
  attr.sample_period = 1u << 20;
  int fd = static_cast<int>(syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC));
  if (fd < 0) return errno;
  close(fd);
  return 0;
}

bool cache_events_missing(int err) { return err == ENOENT || err == EOPNOTSUPP || err == ENODEV; }

// args: COMM.  Streams through 64 MiB (more than any LLC) for at most 60 s.
CS_WORKLOAD(llcstat_stream) {
  set_comm(args.at(0));
  std::vector<char> buf(64u << 20);
  for (int round = 0; round < 600; round++) {
    volatile char sink = 0;
    for (size_t i = 0; i < buf.size(); i += 64) {
      buf[i] = static_cast<char>(buf[i] + 1);
      sink = sink + buf[(i * 7919) % buf.size()];
    }
    (void)sink;
  }
  return 0;
}

class Streamer {
 public:
  explicit Streamer(const std::string& comm) : pid_(spawn_workload("llcstat_stream", {comm})) {
    wait_comm(pid_, comm);
  }
  ~Streamer() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

TEST(llcstat, ClearErrorWithoutHardwareCacheEvents) {
  CS_REQUIRE_BPF();
  int err = cache_event_errno();
  if (!cache_events_missing(err)) GTEST_SKIP() << "this CPU has hardware cache events";
  RunResult r = run_tool("llcstat", {"1"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << r.err;
  EXPECT_EQ(r.err, std::string("llcstat: hardware cache events are not available on this system "
                               "(perf_event_open PERF_COUNT_HW_CACHE_MISSES: ") +
                       std::strerror(err) + ")\n");
  EXPECT_EQ(r.out, "");
  std::printf("CS-EXPECTED-ERROR: %s", r.err.c_str());  // the VM matrix marks the cell
  // The same in JSON mode and per thread: nothing on stdout.
  r = run_tool("llcstat", {"--json", "-t", "1"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(llcstat, SeesAStreamingProcess) {
  CS_REQUIRE_BPF();
  if (cache_events_missing(cache_event_errno()))
    GTEST_SKIP() << "no hardware cache events here (ClearErrorWithoutHardwareCacheEvents covers it)";
  std::string token = unique_token("llc");
  Streamer w(token);
  RunResult r = run_tool("llcstat", {"-c", "1000", "2"});
  ASSERT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  EXPECT_NE(r.out.find("Running for 2 seconds or Hit Ctrl-C to end."), std::string::npos);
  EXPECT_NE(r.out.find("PID      NAME             CPU     REFERENCE         MISS    HIT%"),
            std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Total References: "), std::string::npos) << r.out;
  uint64_t refs = 0;
  std::istringstream in(r.out);
  for (std::string l; std::getline(in, l);) {
    std::vector<std::string> w2 = words(l);
    if (w2.size() == 6 && w2[0] == std::to_string(w.pid()) && w2[1] == token)
      refs += std::stoull(w2[3]);
  }
  EXPECT_GT(refs, 0u) << r.out;
}

TEST(llcstat, JsonPerThread) {
  CS_REQUIRE_BPF();
  if (cache_events_missing(cache_event_errno())) GTEST_SKIP() << "no hardware cache events here";
  std::string token = unique_token("llc");
  Streamer w(token);
  RunResult r = run_tool("llcstat", {"--json", "-t", "-c", "1000", "2"});
  ASSERT_TRUE(r.exit.exited && r.exit.code == 0) << r.err;
  std::vector<JsonValue> objs = parse_json_lines(r.out);
  ASSERT_EQ(objs.size(), 1u) << r.out;
  bool found = false;
  for (const JsonValue& e : objs[0]["entries"].items)
    if (e["comm"].str == token) {
      found = true;
      EXPECT_EQ(e["pid"].num, w.pid());
      EXPECT_EQ(e["tid"].num, w.pid());
      EXPECT_TRUE(e.has("cpu") && e.has("references") && e.has("misses") && e.has("hit_pct"));
    }
  EXPECT_TRUE(found) << r.out;
  EXPECT_TRUE(objs[0].has("total_references") && objs[0].has("hit_rate"));
}

TEST(llcstat, CtrlCEndsWithTheSummary) {
  CS_REQUIRE_BPF();
  if (cache_events_missing(cache_event_errno())) GTEST_SKIP() << "no hardware cache events here";
  ToolProcess t("llcstat", {"100"});
  ASSERT_TRUE(t.wait_for_out("Hit Ctrl-C to end.")) << t.describe();
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_NE(t.out().find("Total References: "), std::string::npos) << t.describe();
}

TEST(llcstat, BadUsage) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"-c", "0"}, {"-c", "12abc"}, {"1", "2"}, {"0"}}) {
    RunResult r = run_tool("llcstat", args);
    EXPECT_TRUE(r.exit.exited && r.exit.code == 2) << args[0] << ": " << r.err;
  }
}

}  // namespace
