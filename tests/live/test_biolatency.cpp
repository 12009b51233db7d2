// Live tests for biolatency: each test makes its own O_DIRECT I/O (every
// call is one block request the caller waits for) on a file in a
// block-backed directory, and checks the histograms count at least those
// requests, on the disk that holds the file, with the right flags.
//
// The directory is $CORESCOPE_TEST_BLOCK_DIR, else one under /var/tmp.  Where
// O_DIRECT is refused (tmpfs) the tests skip, or fail when CI=true.
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing block device I/O... Hit Ctrl-C to end.";
constexpr int kIos = 64;
constexpr size_t kBlock = 4096;

// biolatency_dio PATH write|read N: N O_DIRECT 4 KiB I/Os at distinct
// offsets, each waited for; writes end with fdatasync so reads find data.
CS_WORKLOAD(biolatency_dio) {
  const std::string& path = args.at(0);
  bool write = args.at(1) == "write";
  int n = std::stoi(args.at(2));
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_DIRECT | O_CLOEXEC, 0600);
  if (fd < 0) return 2;
  void* buf = nullptr;
  if (posix_memalign(&buf, kBlock, kBlock)) return 3;
  std::memset(buf, 0x5a, kBlock);
  for (int i = 0; i < n; i++) {
    off_t off = static_cast<off_t>(i) * kBlock;
    ssize_t r = write ? pwrite(fd, buf, kBlock, off) : pread(fd, buf, kBlock, off);
    if (r != static_cast<ssize_t>(kBlock)) return 4;
  }
  if (write && fdatasync(fd)) return 5;
  close(fd);
  free(buf);
  return 0;
}

std::string sysfs_to_name(std::string s) {
  for (char& c : s)
    if (c == '!') c = '/';
  return s;
}

// The request-based disks behind a /sys/dev/block/MAJ:MIN entry: the disk
// itself (its parent for a partition) when it has a blk-mq queue, else the
// disks a stacked device (dm, md) is built on.
void request_disks(const std::string& sys_entry, std::vector<std::string>& out, int depth = 0) {
  char real[PATH_MAX];
  if (depth > 8 || !realpath(sys_entry.c_str(), real)) return;
  std::string dir = real;
  if (access((dir + "/partition").c_str(), F_OK) == 0) dir = dir.substr(0, dir.rfind('/'));
  if (access((dir + "/mq").c_str(), F_OK) == 0) {
    out.push_back(sysfs_to_name(dir.substr(dir.rfind('/') + 1)));
    return;
  }
  if (DIR* d = opendir((dir + "/slaves").c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.') request_disks(dir + "/slaves/" + e->d_name, out, depth + 1);
    closedir(d);
  }
}

// A file written with O_DIRECT in a block-backed directory, and its disk(s).
struct BlockTarget {
  std::string dir, file;
  std::vector<std::string> disks;
  std::string why_not;  // set when the tests cannot run here

  BlockTarget() {
    const char* env = std::getenv("CORESCOPE_TEST_BLOCK_DIR");
    std::string base = env && *env ? env : "/var/tmp";
    std::string tmpl = base + "/corescope-biolatency-XXXXXX";
    if (!mkdtemp(tmpl.data())) {
      why_not = "cannot create a directory in " + base + ": " + std::strerror(errno);
      return;
    }
    dir = tmpl;
    file = dir + "/data";
    int fd = open(file.c_str(), O_RDWR | O_CREAT | O_DIRECT | O_CLOEXEC, 0600);
    void* buf = nullptr;
    bool ok = fd >= 0 && posix_memalign(&buf, kBlock, kBlock) == 0;
    if (ok) {
      std::memset(buf, 0, kBlock);
      ok = pwrite(fd, buf, kBlock, 0) == static_cast<ssize_t>(kBlock);
    }
    int err = errno;
    free(buf);
    if (fd >= 0) close(fd);
    if (!ok) {
      why_not = "O_DIRECT I/O is refused in " + base + " (" + std::strerror(err) +
                "; tmpfs?): set CORESCOPE_TEST_BLOCK_DIR to a directory on a block device";
      return;
    }
    if (run_workload("biolatency_dio", {file, "write", std::to_string(kIos)}) != 0) {
      why_not = "could not write " + file + " with O_DIRECT";
      return;
    }
    struct stat st;
    if (stat(file.c_str(), &st) == 0)
      request_disks("/sys/dev/block/" + std::to_string(major(st.st_dev)) + ":" +
                        std::to_string(minor(st.st_dev)),
                    disks);
    if (disks.empty())
      why_not = base + " is not on a request-based block device (no disk under /sys/dev/block)";
  }
  ~BlockTarget() {
    if (!file.empty()) unlink(file.c_str());
    if (!dir.empty()) rmdir(dir.c_str());
  }
  bool holds(const std::string& disk) const {
    return std::find(disks.begin(), disks.end(), disk) != disks.end();
  }
};

#define CS_REQUIRE_BLOCK_TARGET(t)                                    \
  do {                                                                \
    CS_REQUIRE_BPF();                                                 \
    if (!(t).why_not.empty()) {                                       \
      if (::cstest::in_ci()) FAIL() << (t).why_not;                   \
      GTEST_SKIP() << (t).why_not;                                    \
    }                                                                 \
  } while (0)

// One histogram of the text output, under its "disk = X<tab>flags = Y" header.
struct Section {
  std::string disk, flags, unit;
  uint64_t count = 0;
};

std::vector<Section> parse_text(const std::string& text) {
  std::vector<Section> r;
  bool fresh = false;  // a header started a section that has no rows yet
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("disk = ", 0) == 0 || line.rfind("flags = ", 0) == 0) {
      Section s;
      size_t tab = line.find('\t');
      if (line.rfind("disk = ", 0) == 0) s.disk = line.substr(7, tab - 7);
      size_t f = line.find("flags = ");
      if (f != std::string::npos) s.flags = line.substr(f + 8);
      r.push_back(s);
      fresh = true;
    } else if (line.find(" : count    distribution") != std::string::npos) {
      if (!fresh) r.emplace_back();
      fresh = false;
      std::istringstream u(line);
      u >> r.back().unit;
    } else if (line.find(" -> ") != std::string::npos && line.find(" : ") != std::string::npos &&
               !r.empty()) {
      r.back().count += std::stoull(line.substr(line.find(" : ") + 3));
    }
  }
  return r;
}

uint64_t total(const std::vector<Section>& s) {
  uint64_t n = 0;
  for (auto& x : s) n += x.count;
  return n;
}

std::string dump(const std::vector<Section>& s) {
  std::string r;
  for (auto& x : s)
    r += "[disk=" + x.disk + " flags=" + x.flags + " unit=" + x.unit +
         " count=" + std::to_string(x.count) + "] ";
  return r;
}

// Starts biolatency, waits for its banner, makes kIos I/Os, stops it with
// SIGINT and expects exit 0.
void trace_io(const std::vector<std::string>& args, const BlockTarget& t, const char* mode,
              std::unique_ptr<ToolProcess>& tool, bool json = false) {
  tool = std::make_unique<ToolProcess>("biolatency", args);
  ASSERT_TRUE(json ? tool->wait_for_err(kBanner) : tool->wait_for_out(kBanner))
      << tool->describe();
  ASSERT_EQ(run_workload("biolatency_dio", {t.file, mode, std::to_string(kIos)}), 0);
  Exit e = tool->stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << tool->describe();
}

// JSON: one object per interval, {"time":..,"unit":..,"hists":[{"disk"?,
// "flags"?,"count":N,"buckets":[..]}]}.  Checks each count against its
// buckets and returns the histograms.
std::vector<JsonValue> json_hists(const std::string& out, const std::string& unit) {
  std::vector<JsonValue> r;
  for (auto& j : parse_json_lines(out)) {
    EXPECT_TRUE(j.has("time") && j.has("hists")) << out;
    EXPECT_EQ(j["unit"].str, unit) << out;
    for (auto& h : j["hists"].items) {
      double sum = 0;
      for (auto& b : h["buckets"].items) sum += b["count"].num;
      EXPECT_EQ(sum, h["count"].num) << out;
      r.push_back(h);
    }
  }
  return r;
}

TEST(biolatency, CountsOwnDirectReadsAndWrites) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  for (const char* mode : {"read", "write"}) {
    SCOPED_TRACE(mode);
    std::unique_ptr<ToolProcess> tool;
    ASSERT_NO_FATAL_FAILURE(trace_io({}, t, mode, tool));
    EXPECT_EQ(tool->out_lines().at(0), kBanner);
    EXPECT_NE(tool->out().find("\n     usecs               : count    distribution\n"),
              std::string::npos)
        << tool->describe();
    auto s = parse_text(tool->out());
    ASSERT_EQ(s.size(), 1u) << tool->describe();
    EXPECT_EQ(s[0].unit, "usecs");
    EXPECT_GE(s[0].count, uint64_t{kIos}) << tool->describe();
  }
}

TEST(biolatency, JsonObjectPerInterval) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"--json", "-D"}, t, "read", tool, true));
  EXPECT_EQ(tool->out().find(kBanner), std::string::npos) << "banner belongs on stderr";
  double ours = 0, all = 0;
  for (auto& h : json_hists(tool->out(), "usecs")) {
    ASSERT_TRUE(h.has("disk")) << tool->out();
    EXPECT_FALSE(h.has("flags"));
    all += h["count"].num;
    if (t.holds(h["disk"].str)) ours += h["count"].num;
  }
  EXPECT_GE(ours, kIos) << tool->describe();
  EXPECT_GE(all, ours);
}

TEST(biolatency, PerDiskNamesTheDiskHoldingTheFile) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-D"}, t, "write", tool));
  uint64_t ours = 0;
  auto s = parse_text(tool->out());
  for (auto& x : s) {
    EXPECT_FALSE(x.disk.empty()) << dump(s);
    EXPECT_TRUE(x.flags.empty()) << dump(s);
    if (t.holds(x.disk)) ours += x.count;
  }
  EXPECT_GE(ours, uint64_t{kIos}) << "disk " << t.disks.at(0) << ": " << dump(s) << "\n"
                                  << tool->describe();
  // libbpf-tools' header: blank line, "disk = NAME" and a tab.
  EXPECT_NE(tool->out().find("\ndisk = " + t.disks.at(0) + "\t\n"), std::string::npos)
      << tool->describe();
}

// Completed reads + writes of a disk, from /sys/block/NAME/stat.
uint64_t disk_ios(const std::string& disk) {
  std::string name = disk;
  for (char& c : name)
    if (c == '/') c = '!';
  std::ifstream in("/sys/block/" + name + "/stat");
  uint64_t v[5] = {};
  for (auto& x : v) in >> x;
  return v[0] + v[4];
}

TEST(biolatency, DiskFilterCountsTheDisk) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-d", t.disks.at(0)}, t, "read", tool));
  EXPECT_GE(total(parse_text(tool->out())), uint64_t{kIos}) << tool->describe();
}

// Another request-based disk: while it does no I/O, -d on it shows none of ours.
TEST(biolatency, DiskFilterLeavesOutOtherDisks) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  std::string other;
  if (DIR* d = opendir("/sys/block")) {
    while (dirent* e = readdir(d)) {
      std::string n = sysfs_to_name(e->d_name);
      if (e->d_name[0] != '.' && !t.holds(n) &&
          access(("/sys/block/" + std::string(e->d_name) + "/mq").c_str(), F_OK) == 0)
        other = n;
    }
    closedir(d);
  }
  if (other.empty()) GTEST_SKIP() << "no second disk to check the filter against";
  uint64_t before = disk_ios(other);
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-d", other}, t, "read", tool));
  if (disk_ios(other) == before) {
    EXPECT_EQ(total(parse_text(tool->out())), 0u) << other << "\n" << tool->describe();
  }
}

TEST(biolatency, UnknownDiskOrPartitionExits2) {
  RunResult r = run_tool("biolatency", {"-d", "nosuchdisk"});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 2) << r.err;
  std::string first = r.err.substr(0, r.err.find('\n'));
  EXPECT_EQ(first, "biolatency: unknown disk 'nosuchdisk' (see /proc/partitions)") << r.err;
  EXPECT_EQ(r.out, "");
  // A partition, where this machine has one: requests belong to its disk.
  if (DIR* d = opendir("/sys/class/block")) {
    std::string part;
    while (dirent* e = readdir(d))
      if (access(("/sys/class/block/" + std::string(e->d_name) + "/partition").c_str(), F_OK) == 0)
        part = sysfs_to_name(e->d_name);
    closedir(d);
    if (!part.empty()) {
      RunResult p = run_tool("biolatency", {"-d", part});
      EXPECT_EQ(p.exit.code, 2) << p.err;
      EXPECT_NE(p.err.find(part + " is a partition"), std::string::npos) << p.err;
    }
  }
}

TEST(biolatency, IntervalAndCountEndByThemselves) {
  CS_REQUIRE_BPF();
  ToolProcess text("biolatency", {"-T", "1", "2"});
  Exit e = text.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << text.describe();
  int stamps = 0;
  for (auto& l : text.out_lines()) {
    unsigned h, m, s;
    char tail;
    if (std::sscanf(l.c_str(), "%2u:%2u:%2u%c", &h, &m, &s, &tail) == 3 && l.size() == 8) stamps++;
  }
  EXPECT_EQ(stamps, 2) << text.describe();

  ToolProcess json("biolatency", {"--json", "0.2", "3"});
  e = json.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << json.describe();
  EXPECT_EQ(parse_json_lines(json.out()).size(), 3u) << json.describe();
}

TEST(biolatency, MillisecondsUnit) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-m"}, t, "read", tool));
  EXPECT_NE(tool->out().find("\n     msecs               : count    distribution\n"),
            std::string::npos)
      << tool->describe();
  auto s = parse_text(tool->out());
  ASSERT_EQ(s.size(), 1u) << tool->describe();
  EXPECT_EQ(s[0].unit, "msecs");
  EXPECT_GE(s[0].count, uint64_t{kIos}) << tool->describe();
  std::unique_ptr<ToolProcess> j;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-m", "--json"}, t, "read", j, true));
  double n = 0;
  for (auto& h : json_hists(j->out(), "msecs")) n += h["count"].num;
  EXPECT_GE(n, kIos) << j->describe();
}

TEST(biolatency, QueuedTimeCountsEveryRequest) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-Q", "-d", t.disks.at(0)}, t, "write", tool));
  EXPECT_GE(total(parse_text(tool->out())), uint64_t{kIos}) << tool->describe();
}

// Writes show under a flag set that ends in the Write operation; reads
// under one that ends in Read.
void expect_flag_sets(const std::vector<std::string>& args, const BlockTarget& t) {
  for (const char* mode : {"write", "read"}) {
    SCOPED_TRACE(mode);
    std::unique_ptr<ToolProcess> tool;
    ASSERT_NO_FATAL_FAILURE(trace_io(args, t, mode, tool));
    std::string op = std::strcmp(mode, "write") == 0 ? "Write" : "Read";
    uint64_t n = 0;
    auto s = parse_text(tool->out());
    for (auto& x : s) {
      EXPECT_FALSE(x.flags.empty()) << dump(s);
      bool per_disk = std::find(args.begin(), args.end(), "-D") != args.end();
      if (per_disk && !t.holds(x.disk)) continue;
      if (x.flags.size() >= op.size() && x.flags.compare(x.flags.size() - op.size(), op.size(), op) == 0)
        n += x.count;
    }
    EXPECT_GE(n, uint64_t{kIos}) << dump(s) << "\n" << tool->describe();
  }
}

TEST(biolatency, PerFlagSetShowsWriteAndRead) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  ASSERT_NO_FATAL_FAILURE(expect_flag_sets({"-F"}, t));
  // Our O_DIRECT writes are synchronous: the name says so.
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-F", "--json"}, t, "write", tool, true));
  double sync_writes = 0;
  for (auto& h : json_hists(tool->out(), "usecs"))
    if (h["flags"].str.find("Sync-") != std::string::npos &&
        h["flags"].str.size() > 5 && h["flags"].str.substr(h["flags"].str.size() - 5) == "Write")
      sync_writes += h["count"].num;
  EXPECT_GE(sync_writes, kIos) << tool->describe();
}

// Each attach flavour this kernel offers sees the I/O, with the disk and the
// flags right (the tracepoint flavour reads them from the record), and with
// -Q (the insert hook).
TEST(biolatency, EachAttachFlavour) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  ASSERT_TRUE(ensure_tracefs());
  int ran = 0;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    {
      ToolProcess probe("biolatency", {"--attach", mode});
      if (!probe.wait_for_out(kBanner)) {
        Exit e = probe.wait();
        ASSERT_EQ(e.code, 1) << probe.describe();
        ASSERT_NE(probe.err().find("cannot attach on this kernel"), std::string::npos)
            << probe.describe();
        std::printf("[ NOTE     ] --attach %s: not offered here: %s", mode.c_str(),
                    probe.err().c_str());
        continue;
      }
      EXPECT_EQ(probe.stop(SIGINT).code, 0);
    }
    ran++;
    ASSERT_NO_FATAL_FAILURE(expect_flag_sets({"--attach", mode, "-D", "-F"}, t));
    std::unique_ptr<ToolProcess> tool;
    ASSERT_NO_FATAL_FAILURE(
        trace_io({"--attach", mode, "-Q", "-d", t.disks.at(0)}, t, "write", tool));
    EXPECT_GE(total(parse_text(tool->out())), uint64_t{kIos}) << tool->describe();
  }
  EXPECT_GE(ran, 1);
}

std::string cgroup2_mount() {
  std::ifstream in("/proc/self/mounts");
  std::string dev, dir, type, rest;
  while (in >> dev >> dir >> type && std::getline(in, rest))
    if (type == "cgroup2") return dir;
  return "";
}

// -c ROOT sees our I/O; -c on a new, empty cgroup sees nothing at all.
TEST(biolatency, CgroupFilter) {
  BlockTarget t;
  CS_REQUIRE_BLOCK_TARGET(t);
  std::string root = cgroup2_mount();
  if (root.empty()) GTEST_SKIP() << "no cgroup2 mount";
  {
    std::unique_ptr<ToolProcess> tool;
    ASSERT_NO_FATAL_FAILURE(trace_io({"-c", root}, t, "read", tool));
    EXPECT_GE(total(parse_text(tool->out())), uint64_t{kIos}) << tool->describe();
  }
  struct EmptyCgroup {
    std::string path;
    ~EmptyCgroup() { rmdir(path.c_str()); }
  } empty{root + "/" + unique_token("csbiolat")};
  ASSERT_EQ(mkdir(empty.path.c_str(), 0755), 0) << empty.path << ": " << std::strerror(errno);
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_io({"-c", empty.path}, t, "read", tool));
  EXPECT_EQ(total(parse_text(tool->out())), 0u) << tool->describe();
}

TEST(biolatency, UsageErrorsExit2) {
  expect_usage_errors("biolatency", {{"nan", "1"}, {"-d", ""},
                                     {"-d"},
                                     {"-c", "/sys/fs/cgroup/no/such/cgroup"},
                                     {"--attach", "sideways"}});
  expect_bad_interval_args("biolatency");
}

TEST(biolatency, HelpListsEveryFlag) {
  RunResult h = run_tool("biolatency", {"--help"});
  for (const char* flag : {"-T", "-m", "-Q", "-D", "-F", "-d", "-c", "--json"})
    EXPECT_NE(h.out.find(flag), std::string::npos) << flag;
}

TEST(biolatency, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("biolatency");
}

TEST(biolatency, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("biolatency");
}

}  // namespace
