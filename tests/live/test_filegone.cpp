// Live tests for filegone: a workload held at a gate deletes and renames
// files of its own directory with each call of the family (unlink,
// unlinkat, rename, renameat, renameat2), fails one unlink and removes a
// directory; the tool must print exactly its five deletions and renames, in
// order, with the paths it gave.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "file_workloads.h"
#include "proc_helpers.h"
#include "syscall_family.h"

using namespace cstest;

namespace {

const std::string kHeader = "TIME     PID     COMM             ACTION FILENAME";

std::vector<std::string> expected(const std::string& dir) {
  return {"DELETE " + dir + "/a", "RENAME " + dir + "/b > " + dir + "/c", "RENAME c > d",
          "RENAME d > e", "DELETE e"};
}

int gone(const std::string& dir, const std::vector<std::string>& gate) {
  std::string a = dir + "/a", b = dir + "/b", c = dir + "/c", sub = dir + "/sub";
  for (const std::string& f : {a, b}) {
    int fd = open(f.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || close(fd) != 0) return 255;
  }
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0 || mkdir(sub.c_str(), 0700) != 0) return 255;
  if (!gate.empty() && !pass_workload_gate(gate)) return 255;
  if (unlink((dir + "/missing").c_str()) == 0) return 255;  // fails: not reported
  if (unlink(a.c_str()) != 0 || rename(b.c_str(), c.c_str()) != 0 ||
      renameat(dfd, "c", dfd, "d") != 0 || syscall(SYS_renameat2, dfd, "d", dfd, "e", 0) != 0 ||
      unlinkat(dfd, "sub", AT_REMOVEDIR) != 0 || unlinkat(dfd, "e", 0) != 0)
    return 255;
  return 0;
}

// GATE READY COMM DIR
CS_WORKLOAD(filegone_gated) {
  set_comm(args.at(2));
  return gone(args.at(3), args);
}

// COMM DIR
CS_WORKLOAD(filegone_calls) {
  set_comm(args.at(0));
  return gone(args.at(1), {});
}

// bcc's layout: "%-8s %-7d %-16s %6s %s".
TEST(filegone, EveryDeletionAndRenameInOrder) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("fg");
  TempDir dir(comm);
  pid_t pid = 0;
  int status = -1;
  std::vector<std::string> got = gated_lines("filegone", {}, "filegone_gated", {comm, dir.path()},
                                             kHeader, "DELETE e\n", &pid, &status);
  EXPECT_EQ(status, 0);
  std::vector<std::string> want = expected(dir.path()), seen;
  for (const std::string& l : got) {
    std::istringstream in(l);
    std::string time, p, c, rest;
    in >> time >> p >> c >> std::ws;
    std::getline(in, rest);
    EXPECT_TRUE(is_hms(time)) << l;
    EXPECT_EQ(p, std::to_string(pid)) << l;
    EXPECT_EQ(c, comm) << l;
    if (pid < 1000000) {
      EXPECT_EQ(l.find(comm), 17u) << l;  // after "%-8s %-7d "
    }
    seen.push_back(rest);
  }
  EXPECT_EQ(seen, want);
}

TEST(filegone, JsonCarriesTheCallAndBothPaths) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("fg");
  TempDir dir(comm);
  ToolProcess t("filegone", {"--json"});
  pid_t pid = run_when_attached(t, "filegone_calls", {comm, dir.path()}, comm);
  ASSERT_GT(pid, 0);
  std::string mine = "\"pid\":" + std::to_string(pid) + ",";
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    size_t at = o.find(mine);
    return at != std::string::npos && o.find("\"syscall\":\"unlinkat\"", at) != std::string::npos &&
           o.back() == '\n';
  })) << t.describe();
  EXPECT_EQ(t.stop().code, 0);
  std::vector<std::string> calls, files, news;
  for (const JsonValue& j : json_events(t.out())) {
    if (j["pid"].num != pid) continue;
    EXPECT_EQ(j["tid"].num, pid);
    EXPECT_EQ(j["comm"].str, comm);
    EXPECT_EQ(j["time"].str.size(), 8u);
    calls.push_back(j["syscall"].str + " " + j["action"].str);
    files.push_back(j["file"].str);
    news.push_back(j["new_file"].kind == JsonValue::Null ? "null" : j["new_file"].str);
  }
  const std::string& d = dir.path();
  EXPECT_EQ(calls, (std::vector<std::string>{"unlink DELETE", "rename RENAME", "renameat RENAME",
                                             "renameat2 RENAME", "unlinkat DELETE"}));
  EXPECT_EQ(files, (std::vector<std::string>{d + "/a", d + "/b", "c", "d", "e"}));
  EXPECT_EQ(news, (std::vector<std::string>{"null", d + "/c", "d", "e", "null"}));
}

// raw_tp, tp_btf (--attach fentry) and the raw_syscalls tracepoints.
TEST(filegone, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    std::string comm = unique_token("fg");
    TempDir dir(comm);
    std::vector<std::string> got = gated_lines("filegone", {"--attach", mode}, "filegone_gated",
                                               {comm, dir.path()}, kHeader, "DELETE e\n");
    ASSERT_EQ(got.size(), 5u) << ::testing::PrintToString(got);
    EXPECT_NE(got[2].find(" RENAME c > d"), std::string::npos) << got[2];
  }
}

TEST(filegone, UsageErrorsExit2) {
  expect_usage_errors("filegone", {{"-p", "12abc"}, {"-p", "0"}, {"--duration", "0"}, {"extra"}});
}

TEST(filegone, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("filegone");
}

TEST(filegone, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("filegone");
}

}  // namespace
