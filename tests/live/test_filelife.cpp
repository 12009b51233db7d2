// Live tests for filelife: a workload held at a gate creates two files,
// keeps them for at least 200 ms and deletes them (one by unlink(), one by
// unlinkat() relative to a directory fd); it also opens a file that existed
// before with O_CREAT and deletes one it did not create while traced.  The
// tool must report exactly the two files it created, with its pid, comm
// and an age of at least the time it kept them.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <sstream>
#include <string>
#include <vector>

#include "file_workloads.h"
#include "proc_helpers.h"
#include "syscall_family.h"

using namespace cstest;

namespace {

const std::string kHeader = "TIME     PID    COMM             AGE(s)  FILE";

bool make_file(const std::string& path, int flags) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0600);
  if (fd < 0) return false;
  bool ok = write(fd, "x", 1) == 1;
  return close(fd) == 0 && ok;
}

// DIR: born-a and born-b are created after the gate and deleted 200 ms
// later; old (made before the gate) is opened with O_CREAT and deleted too.
int lives(const std::string& dir, const std::vector<std::string>& gate) {
  std::string old = dir + "/old", a = dir + "/born-a";
  if (!make_file(old, 0)) return 255;
  if (!gate.empty() && !pass_workload_gate(gate)) return 255;
  if (!make_file(a, O_EXCL) || !make_file(old, 0)) return 255;
  int dfd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int b = openat(dfd, "born-b", O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (dfd < 0 || b < 0) return 255;
  timespec keep{0, 200 * 1000 * 1000};
  nanosleep(&keep, nullptr);
  if (unlink(a.c_str()) != 0 || unlinkat(dfd, "born-b", 0) != 0 || unlink(old.c_str()) != 0)
    return 255;
  return 0;
}

// GATE READY COMM DIR
CS_WORKLOAD(filelife_gated) {
  set_comm(args.at(2));
  return lives(args.at(3), args);
}

// COMM DIR
CS_WORKLOAD(filelife_lives) {
  set_comm(args.at(0));
  return lives(args.at(1), {});
}

// libbpf-tools' layout: "%-8s %-6d %-16s %-7.2f %s".
TEST(filelife, ExactlyTheFilesItCreatedWithTheirAge) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("fl");
  TempDir dir(comm);
  pid_t pid = 0;
  int status = -1;
  std::vector<std::string> got = gated_lines("filelife", {}, "filelife_gated", {comm, dir.path()},
                                             kHeader, " born-b\n", &pid, &status);
  EXPECT_EQ(status, 0);
  ASSERT_EQ(got.size(), 2u) << ::testing::PrintToString(got);
  const char* names[] = {"born-a", "born-b"};
  for (size_t i = 0; i < got.size(); i++) {
    const std::string& l = got[i];
    std::istringstream in(l);
    std::string time, p, c, age, file, more;
    in >> time >> p >> c >> age >> file;
    EXPECT_FALSE(in >> more) << l;
    EXPECT_TRUE(is_hms(time)) << l;
    EXPECT_EQ(p, std::to_string(pid)) << l;
    EXPECT_EQ(c, comm) << l;
    EXPECT_EQ(age.find('.'), age.size() - 3) << l;  // two decimals
    EXPECT_GE(std::strtod(age.c_str(), nullptr), 0.2) << l;
    EXPECT_EQ(file, names[i]) << l;
    if (pid < 1000000) {
      EXPECT_EQ(l.find(comm), 16u) << l;  // after "%-8s %-6d "
    }
  }
}

TEST(filelife, JsonCarriesTheDeleterAndTheCreator) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("fl");
  TempDir dir(comm);
  ToolProcess t("filelife", {"--json"});
  pid_t pid = run_when_attached(t, "filelife_lives", {comm, dir.path()}, "\"born-b\"");
  ASSERT_GT(pid, 0);
  std::string mine = "\"pid\":" + std::to_string(pid) + ",";
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    size_t at = o.find(mine);
    return at != std::string::npos && o.find("\"born-b\"", at) != std::string::npos &&
           o.back() == '\n';
  })) << t.describe();
  EXPECT_EQ(t.stop().code, 0);
  std::vector<std::string> files;
  for (const JsonValue& j : json_events(t.out())) {
    if (j["pid"].num != pid) continue;
    files.push_back(j["file"].str);
    EXPECT_EQ(j["tid"].num, pid);
    EXPECT_EQ(j["creator_pid"].num, pid);
    EXPECT_EQ(j["comm"].str, comm);
    EXPECT_GE(j["age_s"].num, 0.2);
    EXPECT_EQ(j["time"].str.size(), 8u);
  }
  // Not held at a gate, the workload also created "old" while traced.
  EXPECT_EQ(files, (std::vector<std::string>{"born-a", "born-b", "old"}));
}

// raw_tp, tp_btf (--attach fentry) and the raw_syscalls tracepoints.
TEST(filelife, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    std::string comm = unique_token("fl");
    TempDir dir(comm);
    std::vector<std::string> got = gated_lines("filelife", {"--attach", mode}, "filelife_gated",
                                               {comm, dir.path()}, kHeader, " born-b\n");
    ASSERT_EQ(got.size(), 2u) << ::testing::PrintToString(got);
    EXPECT_EQ(got[0].substr(got[0].rfind(' ') + 1), "born-a");
    EXPECT_EQ(got[1].substr(got[1].rfind(' ') + 1), "born-b");
  }
}

TEST(filelife, UsageErrorsExit2) {
  expect_usage_errors("filelife", {{"-p", "12abc"}, {"-p", "0"}, {"--duration", "0"}, {"extra"}});
}

TEST(filelife, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("filelife");
}

TEST(filelife, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("filelife");
}

}  // namespace
