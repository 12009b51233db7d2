// Live tests for syncsnoop: a workload makes each sync call itself, once,
// on a file of its own (and one fsync() of a bad descriptor), and the tool
// must print exactly those calls, in order, with their process and results.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness.h"
#include "proc_helpers.h"
#include "syscall_family.h"

using namespace cstest;

namespace {

const std::vector<std::string> kCalls = {"fsync",           "fsync", "fdatasync", "syncfs",
                                         "sync_file_range", "msync", "sync"};

// FILE: fsync(-1), then fsync, fdatasync, syncfs, sync_file_range and msync
// on FILE, then sync(); exits with the file's descriptor.
int sync_calls(const std::string& file) {
  int fd = open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || ftruncate(fd, 4096) != 0) return 255;
  void* map = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (map == MAP_FAILED) return 255;
  syscall(SYS_fsync, -1);
  syscall(SYS_fsync, fd);
  syscall(SYS_fdatasync, fd);
  syscall(SYS_syncfs, fd);
  syscall(SYS_sync_file_range, fd, 0, 0, 2 /* SYNC_FILE_RANGE_WRITE */);
  syscall(SYS_msync, map, 4096, MS_SYNC);
  syscall(SYS_sync);
  unlink(file.c_str());
  return fd;
}

// GATE READY COMM FILE
CS_WORKLOAD(syncsnoop_gated) {
  set_comm(args.at(2));
  if (!pass_workload_gate(args)) return 255;
  return sync_calls(args.at(3));
}

// COMM FILE
CS_WORKLOAD(syncsnoop_calls) {
  set_comm(args.at(0));
  return sync_calls(args.at(1));
}

const std::string kHeader = "TIME(s)            CALL";

std::string temp_file(const std::string& token) {
  const char* base = getenv("TMPDIR");
  return std::string(base && *base ? base : "/tmp") + "/" + token;
}

// bcc's layout: "%-18.9f CALL()", the time in seconds of the monotonic clock.
TEST(syncsnoop, EveryCallInOrderWithTheMonotonicTime) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("sy");
  timespec before{};
  clock_gettime(CLOCK_MONOTONIC, &before);
  std::vector<std::string> got = gated_lines("syncsnoop", {}, "syncsnoop_gated",
                                             {comm, temp_file(comm)}, kHeader, " sync()\n");
  ASSERT_EQ(got.size(), kCalls.size()) << ::testing::PrintToString(got);
  double last = before.tv_sec + before.tv_nsec / 1e9;
  for (size_t i = 0; i < got.size(); i++) {
    ASSERT_GE(got[i].size(), 19u) << got[i];
    std::string ts = got[i].substr(0, 18);
    EXPECT_EQ(got[i].substr(19), kCalls[i] + "()");
    EXPECT_EQ(got[i][18], ' ');
    EXPECT_EQ(ts.find('.'), ts.find_first_of(' ') - 10) << got[i];
    double t = std::strtod(ts.c_str(), nullptr);
    EXPECT_GE(t, last) << got[i];
    last = t;
  }
}

TEST(syncsnoop, JsonCarriesProcessFdAndResult) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("sy");
  ToolProcess t("syncsnoop", {"--json"});
  pid_t pid = run_when_attached(t, "syncsnoop_calls", {comm, temp_file(comm)}, comm);
  ASSERT_GT(pid, 0);
  std::string mine = "\"pid\":" + std::to_string(pid);
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    size_t at = o.rfind(mine);
    return at != std::string::npos && o.find("\"syscall\":\"sync\"", at) != std::string::npos &&
           o.back() == '\n';
  })) << t.describe();
  EXPECT_EQ(t.stop().code, 0);
  std::vector<std::string> calls;
  double fd = -2;
  for (const JsonValue& j : json_events(t.out())) {
    if (j["pid"].num != pid) continue;
    const std::string& call = j["syscall"].str;
    bool first = calls.empty();
    calls.push_back(call);
    EXPECT_EQ(j["tid"].num, pid);
    EXPECT_EQ(j["comm"].str, comm);
    EXPECT_EQ(j["monotonic"].kind, JsonValue::Number);
    EXPECT_EQ(j["ret"].num, first ? -EBADF : 0) << call;
    if (call == "sync" || call == "msync") {
      EXPECT_EQ(j["fd"].kind, JsonValue::Null) << call;
    } else if (first) {
      EXPECT_EQ(j["fd"].num, -1);
    } else {
      if (fd == -2) fd = j["fd"].num;
      EXPECT_EQ(j["fd"].num, fd) << call;
      EXPECT_GE(fd, 3);
    }
  }
  EXPECT_EQ(calls, kCalls);
}

// raw_tp, tp_btf (--attach fentry) and the raw_syscalls tracepoints.
TEST(syncsnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    std::string comm = unique_token("sy");
    std::vector<std::string> got =
        gated_lines("syncsnoop", {"--attach", mode}, "syncsnoop_gated", {comm, temp_file(comm)},
                    kHeader, " sync()\n");
    ASSERT_EQ(got.size(), kCalls.size());
    for (size_t i = 0; i < got.size(); i++) EXPECT_EQ(got[i].substr(19), kCalls[i] + "()");
  }
}

TEST(syncsnoop, UsageErrorsExit2) {
  expect_usage_errors("syncsnoop",
                      {{"-p", "12abc"}, {"-p", "0"}, {"--duration", "0"}, {"-x"}, {"extra"}});
}

TEST(syncsnoop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("syncsnoop");
}

TEST(syncsnoop, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("syncsnoop");
}

}  // namespace
