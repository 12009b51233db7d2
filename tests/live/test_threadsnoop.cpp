// Live tests for threadsnoop: a workload names itself with a unique token and
// creates threads with pthread_create() until it is stopped; the tool must
// report them with the workload's PID and comm.  The kernel hook is tested
// on its own (--kernel-only: FUNC is [unknown]); the pthread_create() uprobe
// on this very test binary, which is static and defines pthread_create, so
// FUNC must name the start routine here and inside the static-only VM.  The
// system libc's uprobe is tested where a libc.so.6 and a dynamic program
// that starts a thread (python3) exist.
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "attach_modes.h"
#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

extern "C" __attribute__((noinline, used)) void* threadsnoop_start_routine(void* arg) {
  asm volatile("" ::: "memory");
  return arg;
}

namespace {

constexpr char kStartRoutine[] = "threadsnoop_start_routine";

// args: COMM.  Names itself, then starts and joins a thread every 50 ms for
// at most 60 s (the test stops it long before).
CS_WORKLOAD(threadsnoop_threads) {
  set_comm(args.at(0));
  for (int i = 0; i < 1200; i++) {
    pthread_t t;
    if (pthread_create(&t, nullptr, threadsnoop_start_routine, nullptr) != 0) return 1;
    pthread_join(t, nullptr);
    usleep(50 * 1000);
  }
  return 0;
}

// args: COMM.  Names itself, starts one thread and exits at once: the
// process is gone before threadsnoop reads its maps.
CS_WORKLOAD(threadsnoop_one_and_exit) {
  set_comm(args.at(0));
  pthread_t t;
  if (pthread_create(&t, nullptr, threadsnoop_start_routine, nullptr) != 0) return 1;
  pthread_join(t, nullptr);
  return 0;
}

// The workload, killed and reaped when the test is done with it.
class Spawner {
 public:
  explicit Spawner(const std::string& comm) : pid_(spawn_workload("threadsnoop_threads", {comm})) {
    wait_comm(pid_, comm);
  }
  ~Spawner() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

std::string self_path_for_uprobe() { return self_exe(); }

// Waits for a text line whose COMM column is `comm` and returns its words.
std::vector<std::string> wait_line(ToolProcess& t, const std::string& comm) {
  std::vector<std::string> found;
  t.wait_until([&](const std::string&, const std::string&) {
    for (const std::string& l : t.out_lines()) {
      std::vector<std::string> w = words(l);
      if (w.size() == 4 && w[2] == comm) {
        found = w;
        return true;
      }
    }
    return false;
  });
  return found;
}

// Waits for a JSON object whose comm is `comm`.
JsonValue wait_json(ToolProcess& t, const std::string& comm) {
  JsonValue hit;
  t.wait_until([&](const std::string& out, const std::string&) {
    size_t end = out.rfind('\n');
    if (end == std::string::npos) return false;
    for (const JsonValue& j : parse_json_lines(out.substr(0, end + 1)))
      if (j["comm"].str == comm) {
        hit = j;
        return true;
      }
    return false;
  });
  return hit;
}

void expect_clean_stop(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

TEST(threadsnoop, KernelHookSeesThreadsOfAStaticProgram) {
  CS_REQUIRE_BPF();
  ToolProcess t("threadsnoop", {"--kernel-only"});
  ASSERT_TRUE(t.wait_for_out("TIME(ms)")) << t.describe();
  EXPECT_NE(t.out().find("TIME(ms)   PID     COMM             FUNC"), std::string::npos);
  std::string token = unique_token("ts");
  Spawner w(token);
  std::vector<std::string> line = wait_line(t, token);
  ASSERT_EQ(line.size(), 4u) << t.describe();
  EXPECT_EQ(line[1], std::to_string(w.pid())) << t.describe();
  EXPECT_EQ(line[3], "[unknown]") << t.describe();
  expect_clean_stop(t);
}

TEST(threadsnoop, KernelHookJsonCarriesTheNewThread) {
  CS_REQUIRE_BPF();
  std::string token = unique_token("ts");
  Spawner w(token);
  ToolProcess t("threadsnoop", {"--kernel-only", "--json", "-p", std::to_string(w.pid())});
  JsonValue j = wait_json(t, token);
  ASSERT_TRUE(j.has("pid")) << t.describe();
  EXPECT_EQ(j["pid"].num, w.pid());
  EXPECT_EQ(j["ptid"].num, w.pid());  // the main thread creates them
  ASSERT_EQ(j["tid"].kind, JsonValue::Number) << t.describe();
  EXPECT_GT(j["tid"].num, w.pid());
  EXPECT_EQ(j["func"].str, "[unknown]");
  EXPECT_EQ(j["start"].kind, JsonValue::Null);
  EXPECT_TRUE(j.has("time_ms"));
  expect_clean_stop(t);
  for (const JsonValue& x : parse_json_lines(t.out())) {  // -p: nothing from anyone else
    if (x.has("pid")) {
      EXPECT_EQ(x["pid"].num, w.pid()) << t.describe();
    }
  }
}

// pthread_create() probed in this static test binary: FUNC is the start
// routine, and the kernel hook still supplies the new thread's ID.
TEST(threadsnoop, UprobeOnAStaticBinaryNamesTheStartRoutine) {
  CS_REQUIRE_BPF();
  ToolProcess t("threadsnoop", {"-l", self_path_for_uprobe(), "--json"});
  std::string token = unique_token("ts");
  Spawner w(token);
  JsonValue j;
  // The first thread may be created before the uprobe is in place.
  ASSERT_TRUE(t.wait_until([&](const std::string& out, const std::string&) {
    size_t end = out.rfind('\n');
    if (end == std::string::npos) return false;
    for (const JsonValue& x : parse_json_lines(out.substr(0, end + 1)))
      if (x["comm"].str == token && x["func"].str == kStartRoutine) {
        j = x;
        return true;
      }
    return false;
  })) << t.describe();
  EXPECT_EQ(j["pid"].num, w.pid());
  EXPECT_EQ(j["tid"].kind, JsonValue::Number);
  EXPECT_EQ(j["start"].kind, JsonValue::Number);
  expect_clean_stop(t);
}

// A process that starts a thread and exits at once: FUNC still names the
// start routine (from the executable the kernel named), never an address.
TEST(threadsnoop, StartRoutineOfAProcessThatAlreadyExited) {
  CS_REQUIRE_BPF();
  ToolProcess t("threadsnoop", {"-l", self_path_for_uprobe(), "--json"});
  std::string fence = unique_token("tf");
  // Attached once a thread of the spawner shows up.
  Spawner w(fence);
  ASSERT_TRUE(t.wait_for_out(fence)) << t.describe();
  std::vector<std::string> tokens;
  for (int i = 0; i < 5; i++) {
    tokens.push_back(unique_token("tx"));
    pid_t p = spawn_workload("threadsnoop_one_and_exit", {tokens.back()});
    ASSERT_EQ(wait_workload(p), 0);
  }
  ASSERT_TRUE(t.wait_for_out(tokens.back())) << t.describe();
  expect_clean_stop(t);
  int seen = 0;
  for (const JsonValue& j : json_events(t.out()))
    for (const std::string& tok : tokens)
      if (j["comm"].str == tok) {
        seen++;
        EXPECT_EQ(j["func"].str, kStartRoutine) << t.describe();
      }
  EXPECT_EQ(seen, 5) << t.describe();
}

// bcc's mode, with the uprobe restricted to one process by -p.
TEST(threadsnoop, UprobeOnlyModeAsBcc) {
  CS_REQUIRE_BPF();
  std::string token = unique_token("ts");
  Spawner w(token);
  ToolProcess t("threadsnoop", {"--uprobe-only", "-l", self_path_for_uprobe(), "-p",
                                std::to_string(w.pid())});
  ASSERT_TRUE(t.wait_for_out("TIME(ms)")) << t.describe();
  std::vector<std::string> line = wait_line(t, token);
  ASSERT_EQ(line.size(), 4u) << t.describe();
  EXPECT_EQ(line[1], std::to_string(w.pid()));
  EXPECT_EQ(line[3], kStartRoutine);
  expect_clean_stop(t);
}

// Default mode: the system's libc is probed where there is one.  Our static
// workload does not use it, so its threads come from the kernel hook alone.
TEST(threadsnoop, DefaultModeWithOrWithoutASystemLibc) {
  CS_REQUIRE_BPF();
  ToolProcess t("threadsnoop", {});
  ASSERT_TRUE(t.wait_for_out("TIME(ms)")) << t.describe();
  bool no_libc = t.err().find("no libc with pthread_create() found") != std::string::npos;
  bool have_libc = access("/lib/x86_64-linux-gnu/libc.so.6", R_OK) == 0 ||
                   access("/usr/lib/x86_64-linux-gnu/libc.so.6", R_OK) == 0 ||
                   access("/lib64/libc.so.6", R_OK) == 0;
  EXPECT_EQ(no_libc, !have_libc) << t.describe();
  std::string token = unique_token("ts");
  Spawner w(token);
  std::vector<std::string> line = wait_line(t, token);
  ASSERT_EQ(line.size(), 4u) << t.describe();
  EXPECT_EQ(line[1], std::to_string(w.pid()));
  EXPECT_EQ(line[3], "[unknown]");
  expect_clean_stop(t);
}

// The libc uprobe with a real dynamic program, where the system has both.
TEST(threadsnoop, SystemLibcUprobeSeesADynamicProgram) {
  CS_REQUIRE_BPF();
  const char* python = "/usr/bin/python3";
  if (access(python, X_OK) != 0) GTEST_SKIP() << "no dynamic program that starts threads here";
  ToolProcess t("threadsnoop", {"--uprobe-only"});
  if (!t.wait_for_out("TIME(ms)")) {
    Exit e = t.wait();
    ASSERT_TRUE(e.exited && e.code == 1) << t.describe();
    ASSERT_NE(t.err().find("no libc with pthread_create() found"), std::string::npos)
        << t.describe();
    GTEST_SKIP() << "no libc.so.6 on this system";
  }
  std::string token = unique_token("py");
  std::string script = "import threading, time, ctypes\n"
                       "ctypes.CDLL(None).prctl(15, b'" + token + "', 0, 0, 0)\n"
                       "for i in range(1200):\n"
                       "  t = threading.Thread(target=time.sleep, args=(0,)); t.start(); t.join()\n"
                       "  time.sleep(0.05)\n";
  pid_t py = fork();
  if (py == 0) {
    execl(python, python, "-c", script.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::vector<std::string> line = wait_line(t, token);
  kill(py, SIGKILL);
  waitpid(py, nullptr, 0);
  ASSERT_EQ(line.size(), 4u) << t.describe();
  EXPECT_EQ(line[1], std::to_string(py));
  EXPECT_NE(line[3], "[unknown]");  // a symbol or a 0x address: it came from the uprobe
  expect_clean_stop(t);
}

// The kernel hook reports a thread the test's spawner starts, then Ctrl-C.
void expect_spawned_thread(ToolProcess& t) {
  std::string token = unique_token("ts");
  Spawner w(token);
  std::vector<std::string> line = wait_line(t, token);
  ASSERT_EQ(line.size(), 4u) << t.describe();
  EXPECT_EQ(line[1], std::to_string(w.pid()));
  expect_clean_stop(t);
}

TEST(threadsnoop, PerfBufferForced) {
  CS_REQUIRE_BPF();
  ToolProcess t("threadsnoop", {"--kernel-only", "--buffer", "perf", "-v"});
  ASSERT_TRUE(t.wait_for_out("TIME(ms)")) << t.describe();
  EXPECT_NE(t.err().find("perf buffer"), std::string::npos) << t.describe();
  expect_spawned_thread(t);
}

TEST(threadsnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("threadsnoop", {"--kernel-only", "--attach", mode, "-v"});
    ASSERT_TRUE(t.wait_for_out("TIME(ms)")) << t.describe();
    EXPECT_NE(t.err().find(std::string("using ") + tracepoint_tier(mode) + " programs"),
              std::string::npos)
        << t.describe();
    ASSERT_NO_FATAL_FAILURE(expect_spawned_thread(t));
  }
}

TEST(threadsnoop, BadUsageAndBadLibrary) {
  expect_usage_errors("threadsnoop", {{"--kernel-only", "--uprobe-only"},
                                      {"--kernel-only", "-l", "/bin/sh"}, {"-p", "12abc"},
                                      {"-l", ""}});
  CS_REQUIRE_BPF();
  RunResult r = run_tool("threadsnoop", {"-l", "/nonexistent/libc.so.6"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << r.err;
  EXPECT_NE(r.err.find("cannot read /nonexistent/libc.so.6"), std::string::npos) << r.err;
  std::string not_elf = unique_token("/tmp/csnotelf");
  FILE* f = fopen(not_elf.c_str(), "w");
  ASSERT_TRUE(f);
  fputs("not an ELF file\n", f);
  fclose(f);
  r = run_tool("threadsnoop", {"-l", not_elf});
  unlink(not_elf.c_str());
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << r.err;
  EXPECT_NE(r.err.find("does not define the function pthread_create"), std::string::npos) << r.err;
}

}  // namespace

// Its uprobe needs more than the other tools: the refusal says so.
TEST(threadsnoop, UnprivilegedIsRefusedNamingUprobeCapability) {
  // -l this static binary: a uprobe target on every kernel, also in the VMs
  // that have no libc.
  expect_unprivileged_refusal("threadsnoop", {"-l", self_path_for_uprobe()});
  RunResult r = run_tool_unprivileged("threadsnoop", {"-l", self_path_for_uprobe()});
  EXPECT_NE(r.err.find("CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN (for uprobes)"), std::string::npos)
      << r.err;
}
