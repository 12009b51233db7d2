// Live tests for mdflush.  Where md is loaded, a one-disk RAID 0 array of
// our own is made through md's sysfs files (no mdadm: the VMs have none)
// over an idle disk (idle_disk.h), and an fsync() of it by a process with
// a unique name is one flush request.  Where md is not loaded, the tool's
// one-line error is asserted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "harness.h"
#include "idle_disk.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing md flush requests... Hit Ctrl-C to end.";
const char* const kNoMd =
    "mdflush: md (software RAID) is not available on this system: no /sys/module/md_mod (load "
    "md_mod)";

bool md_loaded() { return access("/sys/module/md_mod", F_OK) == 0; }

// md_fsync DEV COMM: as COMM, fsync() the device: one flush request.
CS_WORKLOAD(md_fsync) {
  if (prctl(PR_SET_NAME, args.at(1).c_str()) != 0) return 2;
  int fd = open(args.at(0).c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return 3;
  int rc = fsync(fd) == 0 ? 0 : 4;
  close(fd);
  return rc;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path);
  f << text;
  f.flush();
  return f.good();
}

// A RAID 0 array of one disk, without a superblock, built as md's
// documentation (admin-guide/md.rst) says through sysfs.
struct MdArray {
  std::string name, why_not;
  explicit MdArray(const IdleDisk& d) {
    struct stat st;
    if (stat(d.dev.c_str(), &st) != 0) {
      why_not = d.dev + ": " + std::strerror(errno);
      return;
    }
    std::string want = unique_token("md_cs");
    if (!write_file("/sys/module/md_mod/parameters/new_array", want)) {
      why_not = "cannot create " + want + " through /sys/module/md_mod/parameters/new_array";
      return;
    }
    name = want;
    std::string md = "/sys/block/" + name + "/md/";
    std::string member = md + "dev-" + d.name + "/";
    uint64_t kib = 0;
    std::ifstream(std::string("/sys/block/") + d.name + "/size") >> kib;  // sectors
    kib = kib / 2 / 64 * 64;
    const std::pair<std::string, std::string> steps[] = {
        {md + "metadata_version", "none"},
        {md + "level", "raid0"},
        {md + "raid_disks", "1"},
        {md + "chunk_size", "65536"},
        {md + "new_dev", std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev))},
        {member + "slot", "0"},
        {member + "offset", "0"},
        {member + "size", std::to_string(kib)},
        {md + "array_state", "active"},
    };
    for (auto& [path, value] : steps)
      if (!write_file(path, value)) {
        why_not = "md: cannot write '" + value + "' to " + path +
                  " (no raid0 personality? /proc/mdstat: " + read_small_file("/proc/mdstat") + ")";
        return;
      }
  }
  ~MdArray() {
    if (!name.empty()) write_file("/sys/block/" + name + "/md/array_state", "clear");
  }
};

TEST(mdflush, SeesTheFlushOfOurArray) {
  CS_REQUIRE_BPF();
  if (!md_loaded()) GTEST_SKIP() << "md is not loaded (NoMdExitsWithOneLine)";
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  MdArray a(d);
  if (!a.why_not.empty()) {
    if (in_ci()) FAIL() << a.why_not;
    GTEST_SKIP() << a.why_not;
  }
  std::string comm = unique_token("mdf");
  ToolProcess tool("mdflush", {});
  ASSERT_TRUE(tool.wait_for_out(kBanner)) << tool.describe();
  pid_t pid = spawn_workload("md_fsync", {"/dev/" + a.name, comm});
  ASSERT_EQ(wait_workload(pid), 0);
  ASSERT_TRUE(tool.wait_for_out(" " + a.name + "\n")) << tool.describe();
  EXPECT_EQ(tool.stop(SIGINT).code, 0);
  auto lines = tool.out_lines();
  EXPECT_EQ(lines.at(1), "TIME     PID     COMM             DEVICE");
  int ours = 0;
  for (auto& l : lines) {
    std::istringstream f(l);
    std::string time, c, dev;
    long p;
    if (!(f >> time >> p >> c >> dev) || c != comm) continue;
    ours++;
    EXPECT_TRUE(is_hms(time)) << l;
    EXPECT_EQ(p, pid) << l;
    EXPECT_EQ(dev, a.name) << l;
  }
  EXPECT_EQ(ours, 1) << tool.describe();
}

TEST(mdflush, NoMdExitsWithOneLine) {
  CS_REQUIRE_BPF();
  if (md_loaded()) GTEST_SKIP() << "md is loaded here";
  RunResult r = run_tool("mdflush", {});
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << r.err;
  EXPECT_EQ(r.err, std::string(kNoMd) + "\n");
  EXPECT_EQ(r.out, "");
  std::printf("CS-EXPECTED-ERROR: %s\n", kNoMd);
}

TEST(mdflush, UsageErrorsExit2) {
  expect_usage_errors("mdflush", {{"1"}, {"--attach", "sideways"}, {"-x"}});
}

TEST(mdflush, HelpShowsExamples) {
  RunResult h = run_tool("mdflush", {"--help"});
  EXPECT_EQ(h.exit.code, 0);
  EXPECT_NE(h.out.find("--json"), std::string::npos) << h.out;
}

TEST(mdflush, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  if (!md_loaded()) GTEST_SKIP() << "md is not loaded";
  expect_unprivileged_refusal("mdflush");
}

}  // namespace
