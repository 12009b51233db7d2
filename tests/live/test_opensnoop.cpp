// Live tests for opensnoop: each test makes a workload open a path that holds
// a unique token and looks for exactly that open in the tool's output.
// Filters are checked with a fence: the call that must be filtered out comes
// first, then one that must show; once the second shows, the first was
// either reported or dropped (the ring buffer keeps the order of records).
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <functional>

#include "harness.h"
#include "pinned_map.h"
#include "workloads.h"

using namespace cstest;

namespace {

// --- workloads

// open(PATH, "ro" | "creat" = O_CREAT|O_WRONLY); exits with the fd, 255 on failure.
CS_WORKLOAD(opensnoop_open) {
  int flags = args.at(1) == "creat" ? O_CREAT | O_WRONLY : O_RDONLY;
  int fd = open(args.at(0).c_str(), flags, 0600);
  return fd < 0 ? 255 : fd;
}

// Several opens in a row (read-only), in the order given.
CS_WORKLOAD(opensnoop_open_each) {
  for (auto& p : args) close(open(p.c_str(), O_RDONLY));
  return 0;
}

// DIR CWD_NAME AT_NAME: openat(fd of DIR, AT_NAME) with the cwd at "/", then
// chdir(DIR) and open(CWD_NAME): both relative, to different directories.
CS_WORKLOAD(opensnoop_relative) {
  int dir = open(args.at(0).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir < 0 || chdir("/") != 0) return 1;
  close(openat(dir, args.at(2).c_str(), O_RDONLY));
  if (chdir(args.at(0).c_str()) != 0) return 1;
  close(open(args.at(1).c_str(), O_RDONLY));
  return 0;
}

// openat2(AT_FDCWD, PATH, {O_WRONLY | O_APPEND}).
CS_WORKLOAD(opensnoop_openat2) {
  struct {
    uint64_t flags, mode, resolve;
  } how = {O_WRONLY | O_APPEND, 0, 0};
  long fd = syscall(SYS_openat2, AT_FDCWD, args.at(0).c_str(), &how, sizeof how);
  if (fd >= 0) close(fd);
  return 0;
}

// The i386 open() (int $0x80, eax 5) of a missing PATH.  Exits 0 when the
// kernel ran it (ENOENT); a kernel without 32-bit emulation kills us instead.
CS_WORKLOAD(opensnoop_i386_open) {
  void* low =
      mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
  if (low == MAP_FAILED || args.at(0).size() >= 4096) return 2;
  memcpy(low, args.at(0).c_str(), args.at(0).size() + 1);
  long ret;
  asm volatile("int $0x80"
               : "=a"(ret)
               : "a"(5L), "b"(reinterpret_cast<long>(low)), "c"(0L), "d"(0L)
               : "memory", "r8", "r9", "r10", "r11");
  return ret == -ENOENT ? 0 : 1;
}

// NAME A B: open A as process name NAME, then B under the usual name.
CS_WORKLOAD(opensnoop_renamed) {
  char old[16] = {};
  prctl(PR_GET_NAME, old);
  prctl(PR_SET_NAME, args.at(0).c_str());
  close(open(args.at(1).c_str(), O_RDONLY));
  prctl(PR_SET_NAME, old);
  close(open(args.at(2).c_str(), O_RDONLY));
  return 0;
}

// PATH: open PATH from a new mount namespace.
CS_WORKLOAD(opensnoop_in_new_mntns) {
  if (unshare(CLONE_NEWNS) != 0) return 3;
  close(open(args.at(0).c_str(), O_RDONLY));
  return 0;
}

// CGROUP_DIR PATH: move into the cgroup, then open PATH.
CS_WORKLOAD(opensnoop_in_cgroup) {
  std::ofstream(args.at(0) + "/cgroup.procs") << getpid() << std::flush;
  close(open(args.at(1).c_str(), O_RDONLY));
  return 0;
}

// TOKEN STOPFILE: round k opens /nonexistent/TOKEN-thread-k.end from a second
// thread, then (after it ends) /nonexistent/TOKEN-main-k.end from the main
// one, until STOPFILE exists (or a minute passed).
CS_WORKLOAD(opensnoop_threads) {
  for (int k = 0; k < 1200 && access(args.at(1).c_str(), F_OK) != 0; k++) {
    std::string prefix = "/nonexistent/" + args.at(0);
    std::thread th([&] { open((prefix + "-thread-" + std::to_string(k) + ".end").c_str(), 0); });
    th.join();
    open((prefix + "-main-" + std::to_string(k) + ".end").c_str(), O_RDONLY);
    usleep(50 * 1000);
  }
  return 0;
}

// --- helpers

std::string self_comm() {
  std::string self = self_exe();
  return self.substr(self.rfind('/') + 1).substr(0, 15);
}

const std::string kHeader = "PID    COMM              FD ERR PATH";
const std::string kHeaderE = "PID    COMM              FD ERR FLAGS    PATH";

// A directory for the test's files, removed with everything in it.
struct TempDir {
  std::string path;
  TempDir() {
    const char* base = getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/csopensnoopXXXXXX";
    if (mkdtemp(tmpl.data())) {
      char real[PATH_MAX];
      path = realpath(tmpl.c_str(), real) ? real : tmpl;
    }
  }
  ~TempDir() {
    if (path.empty()) return;
    if (DIR* d = opendir(path.c_str())) {
      while (dirent* e = readdir(d))
        if (e->d_name[0] != '.') unlink((path + "/" + e->d_name).c_str());
      closedir(d);
    }
    rmdir(path.c_str());
  }
};

// One text line, split into its columns.
struct Cols {
  bool time = false, uid = false, flags = false;
};
struct Row {
  bool ok = false;
  std::string time, comm, flags, path;
  long uid = -1, pid = -1;
  int fd = 0, err = 0;
};

Row parse_row(const std::string& line, Cols c = {}) {
  Row r;
  std::istringstream in(line);
  if (c.time) in >> r.time;
  if (c.uid) in >> r.uid;
  in >> r.pid >> r.comm >> r.fd >> r.err;
  if (c.flags) in >> r.flags;
  if (!in || in.get() != ' ') return r;
  std::getline(in, r.path);
  r.ok = true;
  return r;
}

// The line whose path ends with `path`, or "".
std::string line_ending(const ToolProcess& t, const std::string& path) {
  for (auto& l : t.out_lines())
    if (l.size() >= path.size() && l.compare(l.size() - path.size(), path.size(), path) == 0)
      return l;
  return "";
}

bool out_has(const std::string& o, const std::string& needle) {
  return o.find(needle) != std::string::npos;
}

// Runs a workload again and again until the tool prints `needle`.
bool run_until_seen(ToolProcess& t, const std::string& workload,
                    const std::vector<std::string>& args, const std::string& needle,
                    std::set<pid_t>* pids = nullptr, int* status = nullptr) {
  return t.cause_until(
      [&] {
        pid_t p = spawn_workload(workload, args);
        if (pids) pids->insert(p);
        int st = wait_workload(p);
        if (status) *status = st;
      },
      [&](const std::string& o, const std::string&) { return out_has(o, needle); });
}

void expect_exit_0(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

// A workload that keeps opening from two threads; stopped and reaped on scope exit.
struct Looper {
  TempDir dir;
  std::string token = unique_token();
  pid_t pid = -1;
  Looper() { pid = spawn_workload("opensnoop_threads", {token, dir.path + "/stop"}); }
  ~Looper() {
    if (dir.path.empty())
      kill(pid, SIGKILL);  // no directory for the stop file
    else
      std::ofstream(dir.path + "/stop") << "stop";
    wait_workload(pid);
  }
  std::string main_path(int k) const { return token + "-main-" + std::to_string(k) + ".end"; }
  std::string thread_path(int k) const { return token + "-thread-" + std::to_string(k) + ".end"; }
  // Highest round whose main-thread open the tool has printed, or -1.
  int last_round(const ToolProcess& t) const {
    int last = -1;
    std::string key = token + "-main-";
    for (size_t at = t.out().find(key); at != std::string::npos; at = t.out().find(key, at + 1))
      last = std::max(last, std::atoi(t.out().c_str() + at + key.size()));
    return last;
  }
  // Waits until the tool printed round k's main-thread open.
  bool wait_round(ToolProcess& t, int k) const { return t.wait_for_out(main_path(k)); }
};

// --- tests

TEST(opensnoop, FailedOpenShowsPidCommFdMinusOneAndErrno) {
  CS_REQUIRE_BPF();
  ToolProcess t("opensnoop", {});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  std::string path = "/nonexistent/" + unique_token();
  std::set<pid_t> pids;
  ASSERT_TRUE(run_until_seen(t, "opensnoop_open", {path, "ro"}, path, &pids)) << t.describe();
  Row r = parse_row(line_ending(t, path));
  ASSERT_TRUE(r.ok) << t.describe();
  EXPECT_TRUE(pids.count(r.pid)) << "pid " << r.pid << " is not one we spawned";
  EXPECT_EQ(r.comm, self_comm());
  EXPECT_EQ(r.fd, -1);
  EXPECT_EQ(r.err, ENOENT);
  EXPECT_EQ(r.path, path);
  expect_exit_0(t);
}

TEST(opensnoop, SuccessfulOpenShowsTheFdWithTimeAndUidColumns) {
  CS_REQUIRE_BPF();
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  std::string path = dir.path + "/" + unique_token();
  std::ofstream(path) << "x";
  ToolProcess t("opensnoop", {"-T", "-U"});
  ASSERT_TRUE(t.wait_for_out("TIME     UID     PID    COMM              FD ERR PATH"))
      << t.describe();
  int fd = -1;
  ASSERT_TRUE(run_until_seen(t, "opensnoop_open", {path, "ro"}, path, nullptr, &fd))
      << t.describe();
  Row r = parse_row(line_ending(t, path), {.time = true, .uid = true});
  ASSERT_TRUE(r.ok) << t.describe();
  ASSERT_GE(fd, 3);
  ASSERT_LT(fd, 255);
  EXPECT_EQ(r.fd, fd);
  EXPECT_EQ(r.err, 0);
  EXPECT_EQ(r.uid, static_cast<long>(getuid()));
  EXPECT_EQ(r.time.size(), 8u);
  EXPECT_EQ(r.time[2], ':');
  EXPECT_EQ(r.time[5], ':');
  expect_exit_0(t);
}

TEST(opensnoop, ExtendedFieldsShowTheFlagsInOctal) {
  CS_REQUIRE_BPF();
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  std::string created = dir.path + "/" + unique_token();
  std::string appended = "/nonexistent/" + unique_token();
  ToolProcess t("opensnoop", {"-e"});
  ASSERT_TRUE(t.wait_for_out(kHeaderE)) << t.describe();
  ASSERT_TRUE(run_until_seen(t, "opensnoop_open", {created, "creat"}, created)) << t.describe();
  ASSERT_TRUE(run_until_seen(t, "opensnoop_openat2", {appended}, appended)) << t.describe();
  Row c = parse_row(line_ending(t, created), {.flags = true});
  ASSERT_TRUE(c.ok) << t.describe();
  EXPECT_EQ(c.flags, "00000101") << "O_CREAT|O_WRONLY";
  EXPECT_GE(c.fd, 0);
  Row a = parse_row(line_ending(t, appended), {.flags = true});
  ASSERT_TRUE(a.ok) << t.describe();
  EXPECT_EQ(a.flags, "00002001") << "O_APPEND|O_WRONLY, through openat2()";
  EXPECT_EQ(a.err, ENOENT);
  expect_exit_0(t);
}

TEST(opensnoop, FailedOnlyWithX) {
  CS_REQUIRE_BPF();
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  std::string ok = dir.path + "/" + unique_token();
  std::ofstream(ok) << "x";
  std::string failed = "/nonexistent/" + unique_token();
  ToolProcess t("opensnoop", {"-x"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  ASSERT_TRUE(run_until_seen(t, "opensnoop_open_each", {ok, failed}, failed)) << t.describe();
  EXPECT_FALSE(out_has(t.out(), ok)) << t.describe();
  for (auto& l : t.out_lines()) {
    if (l == kHeader) continue;
    Row r = parse_row(l);
    EXPECT_TRUE(r.ok && r.fd == -1 && r.err > 0) << l;
  }
  expect_exit_0(t);
}

TEST(opensnoop, FullPathResolvesTheCwdAndDirectoryFds) {
  CS_REQUIRE_BPF();
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  std::string via_cwd = unique_token(), via_fd = unique_token();
  for (bool full : {true, false}) {
    SCOPED_TRACE(full ? "-F" : "no -F");
    ToolProcess t("opensnoop", full ? std::vector<std::string>{"-F"} : std::vector<std::string>{});
    ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
    std::string last = full ? dir.path + "/" + via_cwd : " " + via_cwd;
    ASSERT_TRUE(run_until_seen(t, "opensnoop_relative", {dir.path, via_cwd, via_fd}, last))
        << t.describe();
    if (full) {
      EXPECT_EQ(parse_row(line_ending(t, " " + dir.path + "/" + via_cwd)).path,
                dir.path + "/" + via_cwd)
          << t.describe();
      EXPECT_EQ(parse_row(line_ending(t, " " + dir.path + "/" + via_fd)).path,
                dir.path + "/" + via_fd)
          << "openat() relative to a directory fd, not the cwd\n"
          << t.describe();
    } else {
      EXPECT_EQ(parse_row(line_ending(t, " " + via_cwd)).path, via_cwd) << t.describe();
      EXPECT_EQ(parse_row(line_ending(t, " " + via_fd)).path, via_fd) << t.describe();
    }
    expect_exit_0(t);
  }
}

TEST(opensnoop, FlagFilterKeepsOnlyTheNamedFlags) {
  CS_REQUIRE_BPF();
  TempDir dir;
  ASSERT_FALSE(dir.path.empty());
  struct Case {
    std::vector<std::string> args;
    bool creat_shows, read_shows;
  };
  for (const Case& c :
       {Case{{"-f", "O_CREAT"}, true, false}, Case{{"-f", "O_WRONLY,O_RDWR"}, true, false},
        Case{{"-f", "O_RDONLY"}, false, true}}) {
    SCOPED_TRACE(c.args[1]);
    std::string creat = dir.path + "/" + unique_token();
    std::string read = "/nonexistent/" + unique_token();
    ToolProcess t("opensnoop", c.args);
    ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
    // The call to be filtered out first, the one to show as the fence.
    ASSERT_TRUE(t.cause_until(
        [&] {
          if (c.creat_shows) run_workload("opensnoop_open", {read, "ro"});
          run_workload("opensnoop_open", {creat, "creat"});
          if (c.read_shows) run_workload("opensnoop_open", {read, "ro"});
        },
        [&](const std::string& o, const std::string&) {
          return out_has(o, c.creat_shows ? creat : read);
        }))
        << t.describe();
    EXPECT_EQ(out_has(t.out(), creat), c.creat_shows) << t.describe();
    EXPECT_EQ(out_has(t.out(), read), c.read_shows) << t.describe();
    expect_exit_0(t);
  }
}

TEST(opensnoop, PidFilterKeepsEveryThreadOfTheProcessOnly) {
  CS_REQUIRE_BPF();
  Looper w;
  ToolProcess t("opensnoop", {"-p", std::to_string(w.pid)});
  ASSERT_TRUE(t.wait_until([&](const std::string&, const std::string&) {
    return w.last_round(t) >= 0;
  })) << t.describe();
  std::string other = "/nonexistent/" + unique_token();
  run_workload("opensnoop_open", {other, "ro"});
  int k = w.last_round(t) + 2;  // a round that began after the other process ended
  ASSERT_TRUE(w.wait_round(t, k)) << t.describe();
  EXPECT_TRUE(out_has(t.out(), w.thread_path(k))) << "the second thread is missing\n"
                                                  << t.describe();
  EXPECT_FALSE(out_has(t.out(), other)) << t.describe();
  for (auto& l : t.out_lines()) {
    if (l == kHeader) continue;
    EXPECT_EQ(parse_row(l).pid, w.pid) << l;
  }
  expect_exit_0(t);
}

TEST(opensnoop, TidFilterKeepsOneThreadOnly) {
  CS_REQUIRE_BPF();
  Looper w;  // its main thread's id is its pid
  ToolProcess t("opensnoop", {"-t", std::to_string(w.pid)});
  ASSERT_TRUE(t.wait_until([&](const std::string&, const std::string&) {
    return w.last_round(t) >= 0;
  })) << t.describe();
  int k = w.last_round(t) + 2;
  ASSERT_TRUE(w.wait_round(t, k)) << t.describe();
  EXPECT_FALSE(out_has(t.out(), w.token + "-thread-")) << t.describe();
  expect_exit_0(t);
}

TEST(opensnoop, NameFilterMatchesPartOfTheProcessName) {
  CS_REQUIRE_BPF();
  std::string part = self_comm().substr(3, 6);
  ToolProcess t("opensnoop", {"-n", part});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  std::string hidden = "/nonexistent/" + unique_token(), shown = "/nonexistent/" + unique_token();
  ASSERT_TRUE(run_until_seen(t, "opensnoop_renamed", {"csother", hidden, shown}, shown))
      << t.describe();
  EXPECT_FALSE(out_has(t.out(), hidden)) << t.describe();
  for (auto& l : t.out_lines()) {
    if (l == kHeader) continue;
    EXPECT_TRUE(out_has(parse_row(l).comm, part)) << l;
  }
  expect_exit_0(t);
}

// A fresh cgroup v2 directory, removed after the test.
struct Cgroup {
  Cgroup() = default;
  Cgroup(const Cgroup&) = delete;
  Cgroup& operator=(const Cgroup&) = delete;
  std::string path;
  // Once its last process is reaped the kernel frees the cgroup, soon.
  ~Cgroup() {
    for (int i = 0; !path.empty() && i < 100 && rmdir(path.c_str()) != 0 && errno == EBUSY; i++)
      usleep(100000);
  }
};

// The mount point of the cgroup v2 hierarchy, "" if none.
std::string cgroup2_root() {
  std::string root;
  std::ifstream mounts("/proc/self/mountinfo");
  for (std::string line; root.empty() && std::getline(mounts, line);) {
    size_t dash = line.find(" - cgroup2 ");
    if (dash == std::string::npos) continue;
    std::istringstream in(line);
    std::string f;
    for (int i = 0; i < 5; i++) in >> f;  // the fifth field is the mount point
    root = f;
  }
  return root;
}

// Makes `cg` a new cgroup under the v2 root; false (and *why) when it cannot.
bool new_cgroup(Cgroup& cg, std::string* why) {
  std::string root = cgroup2_root();
  if (root.empty()) {
    *why = "no cgroup v2 hierarchy is mounted";
    return false;
  }
  std::string path = root + "/" + unique_token("csopensnoop");
  if (mkdir(path.c_str(), 0755) != 0) {
    *why = "cannot create a cgroup under " + root;
    return false;
  }
  cg.path = path;
  return true;
}

// Runs opensnoop with a filter: an open made by `outside(path)` must not
// show, one made by `inside(path)` must.
void expect_filtered(const std::vector<std::string>& args,
                     const std::function<void(const std::string&)>& outside,
                     const std::function<void(const std::string&)>& inside) {
  ToolProcess t("opensnoop", args);
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  std::string out_path = "/nonexistent/" + unique_token(), in_path = "/nonexistent/" + unique_token();
  ASSERT_TRUE(t.cause_until(
      [&] {
        outside(out_path);
        inside(in_path);
      },
      [&](const std::string& o, const std::string&) { return out_has(o, in_path); }))
      << t.describe();
  EXPECT_FALSE(out_has(t.out(), out_path)) << t.describe();
  expect_exit_0(t);
}

void open_here(const std::string& path) { run_workload("opensnoop_open", {path, "ro"}); }

TEST(opensnoop, CgroupFilter) {
  CS_REQUIRE_BPF();
  std::string why;
  Cgroup cg;
  if (!new_cgroup(cg, &why)) GTEST_SKIP() << why;
  expect_filtered({"-c", cg.path}, open_here, [&](const std::string& path) {
    run_workload("opensnoop_in_cgroup", {cg.path, path});
  });
}

// bcc's --cgroupmap: the cgroup ids are keys of a map pinned by someone
// else (here the test, as container tooling would).
TEST(opensnoop, CgroupMapFilter) {
  CS_REQUIRE_BPF();
  std::string why;
  Cgroup cg;
  if (!new_cgroup(cg, &why)) GTEST_SKIP() << why;
  struct stat st;
  ASSERT_EQ(stat(cg.path.c_str(), &st), 0);
  PinnedHashMap map(unique_token("cscgmap"), 8, 8);
  ASSERT_TRUE(map.ok()) << map.why();
  ASSERT_TRUE(map.add(st.st_ino));  // a cgroup v2 id is its directory's inode
  expect_filtered({"--cgroupmap", map.path()}, open_here, [&](const std::string& path) {
    run_workload("opensnoop_in_cgroup", {cg.path, path});
  });
}

// bcc's --mntnsmap: the test's own mount namespace is the key; an open from
// a new mount namespace is left out.
TEST(opensnoop, MountNamespaceMapFilter) {
  CS_REQUIRE_BPF();
  struct stat st;
  ASSERT_EQ(stat("/proc/self/ns/mnt", &st), 0);
  PinnedHashMap map(unique_token("csmntns"), 8, 4);
  ASSERT_TRUE(map.ok()) << map.why();
  ASSERT_TRUE(map.add(st.st_ino));
  expect_filtered(
      {"--mntnsmap", map.path()},
      [](const std::string& path) { EXPECT_EQ(run_workload("opensnoop_in_new_mntns", {path}), 0); },
      open_here);
  // A map of another shape is a usage error naming what it must be.
  PinnedHashMap wrong(unique_token("cswrong"), 4, 4);
  ASSERT_TRUE(wrong.ok());
  RunResult r = run_tool("opensnoop", {"--mntnsmap", wrong.path()});
  EXPECT_EQ(r.exit.code, 2) << r.err;
  EXPECT_NE(r.err.find("must be a hash map with 8-byte keys and 4-byte values"), std::string::npos)
      << r.err;
}

TEST(opensnoop, JsonLinesCarryEveryField) {
  CS_REQUIRE_BPF();
  Looper w;
  ToolProcess t("opensnoop", {"--json", "-p", std::to_string(w.pid)});
  ASSERT_TRUE(t.wait_until([&](const std::string&, const std::string&) {
    return w.last_round(t) >= 0;
  })) << t.describe();
  int k = w.last_round(t) + 1;  // began after the tool was attached: both threads show
  ASSERT_TRUE(w.wait_round(t, k)) << t.describe();
  expect_exit_0(t);
  bool main_seen = false, thread_seen = false;
  for (auto& j : json_events(t.out())) {  // not the lost line after a storm
    for (const char* field :
         {"time", "timestamp", "uid", "pid", "tid", "comm", "fd", "err", "flags", "path"})
      EXPECT_TRUE(j.has(field)) << "no " << field;
    const std::string& path = j["path"].str;
    bool is_main = path == "/nonexistent/" + w.main_path(k);
    bool is_thread = path == "/nonexistent/" + w.thread_path(k);
    if (!is_main && !is_thread) continue;
    (is_main ? main_seen : thread_seen) = true;
    EXPECT_EQ(j["pid"].num, w.pid);
    EXPECT_EQ(j["tid"].num == w.pid, is_main) << "the main thread's id is the pid, no other's";
    EXPECT_GT(j["tid"].num, 0);
    EXPECT_EQ(j["comm"].str, self_comm());
    EXPECT_EQ(j["fd"].num, -1);
    EXPECT_EQ(j["err"].num, ENOENT);
    EXPECT_EQ(j["flags"].num, 0);
    EXPECT_EQ(j["uid"].num, getuid());
    EXPECT_EQ(j["time"].kind, JsonValue::String);
    EXPECT_EQ(j["timestamp"].kind, JsonValue::Number);
  }
  EXPECT_TRUE(main_seen && thread_seen) << t.describe();
}

TEST(opensnoop, PerfBufferForced) {
  CS_REQUIRE_BPF();
  ToolProcess t("opensnoop", {"--buffer", "perf", "-v"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  EXPECT_TRUE(out_has(t.err(), "perf buffer")) << t.describe();
  std::string path = "/nonexistent/" + unique_token();
  std::set<pid_t> pids;
  ASSERT_TRUE(run_until_seen(t, "opensnoop_open", {path, "ro"}, path, &pids)) << t.describe();
  Row r = parse_row(line_ending(t, path));
  EXPECT_TRUE(r.ok && pids.count(r.pid) && r.fd == -1 && r.err == ENOENT) << t.describe();
  expect_exit_0(t);
}

// Every attach flavour this kernel offers reports the same open.  fentry
// needs BPF trampolines: where the kernel has neither them nor tp_btf, the
// tool must say it cannot attach the fexit program and exit 1.
TEST(opensnoop, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  for (std::string mode : {"auto", "fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("opensnoop", {"--attach", mode, "-e", "-v"});
    if (!t.wait_for_out(kHeaderE)) {
      Exit e = t.wait();
      ASSERT_EQ(mode, "fentry") << t.describe();
      EXPECT_TRUE(e.exited && e.code == 1) << t.describe();
      EXPECT_TRUE(out_has(t.err(), "opensnoop: cannot attach on this kernel: fexit/do_sys_openat2"))
          << t.describe();
      continue;
    }
    std::string path = "/nonexistent/" + unique_token();
    std::set<pid_t> pids;
    ASSERT_TRUE(run_until_seen(t, "opensnoop_open", {path, "ro"}, path, &pids)) << t.describe();
    Row r = parse_row(line_ending(t, path), {.flags = true});
    EXPECT_TRUE(r.ok && pids.count(r.pid) && r.fd == -1 && r.err == ENOENT) << t.describe();
    EXPECT_EQ(r.flags, "00000000");
    EXPECT_EQ(r.comm, self_comm());
    expect_exit_0(t);
  }
}

// 32-bit callers go through other syscall numbers and registers.
TEST(opensnoop, SeesI386Opens) {
  CS_REQUIRE_BPF();
  std::string path = "/nonexistent/" + unique_token();
  if (run_workload("opensnoop_i386_open", {path}) != 0)
    GTEST_SKIP() << "this kernel does not run 32-bit syscalls";
  ToolProcess t("opensnoop", {"-v"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  if (out_has(t.err(), "using tracepoint programs"))
    GTEST_SKIP() << "syscall tracepoints do not fire for 32-bit callers";
  std::set<pid_t> pids;
  ASSERT_TRUE(run_until_seen(t, "opensnoop_i386_open", {path}, path, &pids)) << t.describe();
  Row r = parse_row(line_ending(t, path));
  EXPECT_TRUE(r.ok && pids.count(r.pid) && r.fd == -1 && r.err == ENOENT) << t.describe();
  expect_exit_0(t);
}

// A path with terminal escapes and a newline must not reach the terminal raw
// or forge a second output line; JSON carries the exact bytes.
TEST(opensnoop, HostilePathIsEscapedInTextAndExactInJson) {
  CS_REQUIRE_BPF();
  std::string token = unique_token();
  std::string path = "/nonexistent/" + token + " \x1b[31mred\nFAKE LINE\t\x7f";
  for (bool json : {false, true}) {
    SCOPED_TRACE(json ? "json" : "text");
    ToolProcess t("opensnoop",
                  json ? std::vector<std::string>{"--json"} : std::vector<std::string>{});
    ASSERT_TRUE(run_until_seen(t, "opensnoop_open", {path, "ro"}, token)) << t.describe();
    expect_exit_0(t);
    EXPECT_EQ(t.out().find('\x1b'), std::string::npos) << "raw ESC in output";
    EXPECT_EQ(t.out().find("\nFAKE LINE"), std::string::npos) << "the path forged a line";
    if (!json) {
      EXPECT_TRUE(out_has(t.out(), token + " \\e[31mred\\nFAKE LINE\\t\\x7F\n")) << t.describe();
      continue;
    }
    bool found = false;
    for (auto& j : parse_json_lines(t.out()))
      if (out_has(j["path"].str, token)) {
        found = true;
        EXPECT_EQ(j["path"].str, path);
      }
    EXPECT_TRUE(found) << t.describe();
  }
}

TEST(opensnoop, DurationEndsTheTool) {
  CS_REQUIRE_BPF();
  ToolProcess t("opensnoop", {"-d", "1"});
  Exit e = t.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_TRUE(out_has(t.out(), kHeader)) << t.describe();
}

TEST(opensnoop, UsageErrorsExit2) {
  expect_usage_errors("opensnoop", {{"-p", "12abc"},
                                    {"-t", "0"},
                                    {"-u", "-1"},
                                    {"-d", "0"},
                                    {"-f", "O_BOGUS"},
                                    {"-f", "o_creat"},
                                    {"-n", "sixteen-chars-xx"},
                                    {"-c", "/sys/fs/cgroup/no/such/cgroup"},
                                    {"--attach", "sideways"},
                                    {"extra-argument"}});
  RunResult r = run_tool("opensnoop", {"-f", "O_BOGUS"});
  EXPECT_TRUE(out_has(r.err, "O_BOGUS") && out_has(r.err, "O_CREAT")) << r.err;
}

TEST(opensnoop, HelpListsEveryFlag) {
  RunResult h = run_tool("opensnoop", {"--help"});
  for (const char* f : {"--duration", "--extended-fields", "--name", "--pid", "--tid",
                        "--timestamp", "--uid", "--print-uid", "--failed", "--full-path",
                        "--flag-filter", "--cgroup", "--json", "--buffer", "--attach"})
    EXPECT_TRUE(out_has(h.out, f)) << f;
}

TEST(opensnoop, ReaderClosingThePipeEndsTheTool) {
  CS_REQUIRE_BPF();
  ToolProcess t("opensnoop", {});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  t.close_stdout();  // like `opensnoop | head -1`
  run_workload("opensnoop_open", {"/nonexistent/" + unique_token(), "ro"});
  Exit e = t.wait(std::chrono::seconds(10));
  EXPECT_TRUE(e.exited && e.code == 0) << "exit " << e.code << " signal " << e.signal;
}

TEST(opensnoop, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("opensnoop");
}

TEST(opensnoop, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("opensnoop");
}

}  // namespace
