// Live tests for mountsnoop: a workload in a mount namespace of its own
// mounts a tmpfs with mount(), unmounts it, fails one mount, then mounts
// one through the new mount API (fsopen .. move_mount), touches it with
// fspick, open_tree and mount_setattr and unmounts it; the tool must print
// exactly those calls, with their arguments and results.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "harness.h"
#include "proc_helpers.h"
#include "syscall_family.h"

using namespace cstest;

namespace {

// The calls, after the gate (a bind mount for the flags libbpf-tools
// misnames by one bit).  RESULT gets the descriptors the new API gave
// and what mount_setattr() returned: "FSFD MFD PFD TFD SETATTR".
void mount_calls(const std::string& comm, const std::string& dir, const std::string& result) {
  std::string source = "cs-" + comm, missing = "/nonexistent/" + comm;
  mount(source.c_str(), dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=700");
  umount2(dir.c_str(), MNT_DETACH);
  mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND | MS_REC, nullptr);
  umount2(dir.c_str(), 0);
  mount(source.c_str(), missing.c_str(), "tmpfs", 0, nullptr);
  long fsfd = syscall(SYS_fsopen, "tmpfs", 1 /* FSOPEN_CLOEXEC */);
  syscall(SYS_fsconfig, fsfd, 1 /* FSCONFIG_SET_STRING */, "size", "1m", 0);
  syscall(SYS_fsconfig, fsfd, 6 /* FSCONFIG_CMD_CREATE */, nullptr, nullptr, 0);
  long mfd = syscall(SYS_fsmount, fsfd, 1 /* FSMOUNT_CLOEXEC */, 0x2 | 0x4 /* NOSUID, NODEV */);
  syscall(SYS_move_mount, mfd, "", AT_FDCWD, dir.c_str(), 0x4 /* MOVE_MOUNT_F_EMPTY_PATH */);
  long pfd = syscall(SYS_fspick, AT_FDCWD, dir.c_str(), 1 /* FSPICK_CLOEXEC */);
  long tfd = syscall(SYS_open_tree, AT_FDCWD, dir.c_str(), O_CLOEXEC);
  uint64_t attr[4] = {1 /* attr_set: MOUNT_ATTR_RDONLY */, 0, 0, 0};
  long set = syscall(442 /* mount_setattr: 5.12 */, AT_FDCWD, dir.c_str(), 0, attr, sizeof attr);
  int err = errno;
  for (long fd : {fsfd, mfd, pfd, tfd}) close(fd);  // they keep the mount busy
  umount2(dir.c_str(), 0);
  std::ofstream(result) << fsfd << ' ' << mfd << ' ' << pfd << ' ' << tfd << ' '
                        << (set < 0 ? -err : set);
}

// GATE READY COMM DIR RESULT: in a new mount namespace, private all the way
// down, so nothing leaks to the host's mount table.
CS_WORKLOAD(mountsnoop_gated) {
  set_comm(args.at(2));
  if (unshare(CLONE_NEWNS) != 0 || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return 3;
  if (!pass_workload_gate(args)) return 4;
  mount_calls(args.at(2), args.at(3), args.at(4));
  return 0;
}

// COMM: one mount() that fails (its target does not exist).
CS_WORKLOAD(mountsnoop_fail) {
  set_comm(args.at(0));
  std::string target = "/nonexistent/" + args.at(0);
  return mount(("cs-" + args.at(0)).c_str(), target.c_str(), "tmpfs", MS_RDONLY, "x") == 0;
}

const std::string kHeader = "COMM             PID     TID     MNT_NS      CALL";

// The inode of a process's mount namespace.
std::string mnt_ns(pid_t pid) {
  char link[64] = {};
  std::string path = "/proc/" + std::to_string(pid) + "/ns/mnt";
  if (readlink(path.c_str(), link, sizeof link - 1) <= 0) return "";
  std::string s = link;  // mnt:[4026531841]
  return s.substr(5, s.size() - 6);
}

// libbpf-tools' line: "%-16s %-7d %-7d %-11u %s".
std::string line(const std::string& comm, pid_t pid, const std::string& ns, const std::string& call) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%-16s %-7d %-7d %-11s ", comm.c_str(), pid, pid, ns.c_str());
  return buf + call;
}

struct TempDir {
  std::string path;
  TempDir() {
    const char* base = getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/csmountXXXXXX";
    if (mkdtemp(tmpl.data())) path = tmpl;
  }
  ~TempDir() {
    unlink((path + "/result").c_str());
    rmdir((path + "/mnt").c_str());
    rmdir(path.c_str());
  }
};

// Runs the gated workload under mountsnoop ARGS -p PID; the lines it printed
// and the lines it should have printed (without -t's time column).
void run_mounts(const std::vector<std::string>& args, const std::string& header,
                std::vector<std::string>& got, std::vector<std::string>& want) {
  TempDir d;
  ASSERT_FALSE(d.path.empty());
  std::string dir = d.path + "/mnt", result = d.path + "/result", comm = unique_token("mn");
  ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
  GatedWorkload w("mountsnoop_gated", {comm, dir, result});
  ASSERT_TRUE(w.ready());
  std::string ns = mnt_ns(w.pid());
  ASSERT_FALSE(ns.empty());
  std::vector<std::string> all = args;
  all.insert(all.end(), {"-p", std::to_string(w.pid())});
  ToolProcess t("mountsnoop", all);
  ASSERT_TRUE(t.wait_for_out(header)) << t.describe();
  pid_t pid = w.pid();
  ASSERT_EQ(w.wait(), 0);
  std::string fsfd, mfd, pfd, tfd, set;
  std::istringstream(read_small_file(result)) >> fsfd >> mfd >> pfd >> tfd >> set;
  ASSERT_FALSE(set.empty());
  std::string q = "\"" + dir + "\"";
  for (const std::string& call : {
           "mount(\"cs-" + comm + "\", " + q + ", \"tmpfs\", MS_NOSUID | MS_NODEV, \"size=1m,mode=700\") = 0",
           "umount(" + q + ", MNT_DETACH) = 0",
           "mount(" + q + ", " + q + ", \"\", MS_BIND | MS_REC, \"\") = 0",
           "umount(" + q + ", 0x0) = 0",
           "mount(\"cs-" + comm + "\", \"/nonexistent/" + comm + "\", \"tmpfs\", 0x0, \"\") = -ENOENT",
           "fsopen(\"tmpfs\", FSOPEN_CLOEXEC) = " + fsfd,
           "fsconfig(" + fsfd + ", \"FSCONFIG_SET_STRING\", \"size\", \"1m\", 0) = 0",
           "fsconfig(" + fsfd + ", \"FSCONFIG_CMD_CREATE\", \"\", \"\", 0) = 0",
           "fsmount(" + fsfd + ", \"FSMOUNT_CLOEXEC\", \"MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV\") = " + mfd,
           "move_mount(" + mfd + ", \"\", AT_FDCWD, " + q + ", \"MOVE_MOUNT_F_EMPTY_PATH\") = 0",
           "fspick(AT_FDCWD, " + q + ", FSPICK_CLOEXEC) = " + pfd,
           "open_tree(AT_FDCWD, " + q + ", OPEN_TREE_CLOEXEC) = " + tfd,
           // 5.10 has no mount_setattr(): the call fails and shows so.
           "mount_setattr(AT_FDCWD, " + q + ", 0x0) = " + (set == "0" ? "0" : "-ENOSYS"),
           "umount(" + q + ", 0x0) = 0"})
    want.push_back(line(comm, pid, ns, call));
  ASSERT_TRUE(t.wait_for_out(want.back())) << t.describe();
  EXPECT_EQ(t.stop().code, 0);
  got = lines_of(complete_lines(t.out()));
  got.erase(got.begin());  // the header
  for (const std::string& n : {fsfd, mfd, pfd, tfd}) EXPECT_GE(std::atoi(n.c_str()), 3);
}

TEST(mountsnoop, MountsOldAndNewApiShowEveryArgumentAndResult) {
  CS_REQUIRE_BPF();
  std::vector<std::string> got, want;
  run_mounts({}, kHeader, got, want);
  EXPECT_EQ(got, want);
}

// Each flavour, with -t: the same lines behind a wall-clock time.
TEST(mountsnoop, EachAttachFlavourWithTimestamps) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    std::vector<std::string> got, want;
    run_mounts({"--attach", mode, "-t"}, "TIME     " + kHeader, got, want);
    ASSERT_EQ(got.size(), want.size()) << ::testing::PrintToString(got);
    for (size_t i = 0; i < got.size(); i++) {
      EXPECT_TRUE(is_hms(got[i].substr(0, 8))) << got[i];
      EXPECT_EQ(got[i].substr(9), want[i]);
    }
  }
}

// -d: one field a line, libbpf-tools' labels, a blank line after the call.
TEST(mountsnoop, DetailedPrintsOneFieldALine) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("mn");
  ToolProcess t("mountsnoop", {"-d"});
  std::set<pid_t> pids;
  std::string target = "TARGET: /nonexistent/" + comm + "\n";
  ASSERT_TRUE(t.cause_until(
      [&] {
        pid_t p = spawn_workload("mountsnoop_fail", {comm});
        pids.insert(p);
        wait_workload(p);
      },
      [&](const std::string& o, const std::string&) {
        return o.find(target + "DATA:   x\nFLAGS:  MS_RDONLY\n\n") != std::string::npos;
      }))
      << t.describe();
  EXPECT_EQ(t.stop().code, 0);
  std::string out = t.out();
  size_t end = out.find(target);
  size_t start = out.rfind("PID:    ", end);
  ASSERT_NE(start, std::string::npos) << out;
  std::vector<std::string> block = lines_of(out.substr(start, out.find("\n\n", end) + 2 - start));
  ASSERT_EQ(block.size(), 13u) << out;
  pid_t pid = std::atoi(block[0].substr(8).c_str());
  EXPECT_TRUE(pids.count(pid)) << block[0];
  EXPECT_EQ(block[1], "TID:    " + std::to_string(pid));
  EXPECT_EQ(block[2], "COMM:   " + comm);
  EXPECT_EQ(block[3], "OP:     MOUNT");
  EXPECT_EQ(block[4], "RET:    -ENOENT");
  EXPECT_EQ(block[5].substr(0, 8), "LAT:    ");
  EXPECT_EQ(block[5].substr(block[5].size() - 2), "us");
  EXPECT_EQ(block[6], "MNT_NS: " + mnt_ns(getpid()));
  EXPECT_EQ(block[7], "FS:     tmpfs");
  EXPECT_EQ(block[8], "SOURCE: cs-" + comm);
  EXPECT_EQ(block[12], "");
}

TEST(mountsnoop, JsonCarriesTheCallAndResult) {
  CS_REQUIRE_BPF();
  std::string comm = unique_token("mn");
  ToolProcess t("mountsnoop", {"--json"});
  pid_t pid = run_when_attached(t, "mountsnoop_fail", {comm}, comm);
  ASSERT_GT(pid, 0);
  std::string mine = "\"pid\":" + std::to_string(pid) + ",";
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return o.find(mine) != std::string::npos && o.back() == '\n';
  })) << t.describe();
  EXPECT_EQ(t.stop().code, 0);
  int n = 0;
  for (const JsonValue& j : json_events(t.out())) {
    if (j["pid"].num != pid) continue;
    n++;
    EXPECT_EQ(j["tid"].num, pid);
    EXPECT_EQ(j["comm"].str, comm);
    EXPECT_EQ(j["op"].str, "MOUNT");
    EXPECT_EQ(j["ret"].num, -ENOENT);
    EXPECT_EQ(std::to_string(static_cast<long>(j["mnt_ns"].num)), mnt_ns(getpid()));
    EXPECT_EQ(j["call"].str, "mount(\"cs-" + comm + "\", \"/nonexistent/" + comm +
                                 "\", \"tmpfs\", MS_RDONLY, \"x\") = -ENOENT");
    EXPECT_EQ(j["lat_ns"].kind, JsonValue::Number);
  }
  EXPECT_EQ(n, 1);
}

TEST(mountsnoop, UsageErrorsExit2) {
  expect_usage_errors("mountsnoop",
                      {{"-p", "12abc"}, {"-p", "0"}, {"--duration", "0"}, {"-d", "5"}, {"-x"}});
}

TEST(mountsnoop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("mountsnoop");
}

TEST(mountsnoop, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("mountsnoop");
}

}  // namespace
