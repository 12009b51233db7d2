// Disk names <-> kernel dev_t: /proc/partitions parsing on fixture text, and
// the sysfs walk on a fake /sys/class/block tree built in a temp directory.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "common/system/disks.h"
#include "common/base/error.h"

namespace {

// As a 6.x kernel prints it, plus lines that are not rows.
const char* kProcPartitions =
    "major minor  #blocks  name\n"
    "\n"
    " 254        0  268435456 vda\n"
    " 254        1  268434432 vda1\n"
    "   8       16  976762584 sdb\n"
    " 259        0  500107608 nvme0n1\n"
    " 259        1     524288 nvme0n1p1\n"
    " 104        0    1024000 cciss/c0d0\n"
    "  11        0    1048575 sr0\n"
    " 253        0   52428800 dm-0\n"
    "garbage line\n"
    "   1        2          3 too many fields\n"
    "4096        0          1 bigmajor\n";

TEST(disks, KernelDevEncoding) {
  EXPECT_EQ(cs::kernel_dev(254, 0), 254u << 20);
  EXPECT_EQ(cs::kernel_dev(8, 17), (8u << 20) | 17);
  EXPECT_EQ(cs::kernel_dev_major(cs::kernel_dev(259, 3)), 259u);
  EXPECT_EQ(cs::kernel_dev_minor(cs::kernel_dev(259, 3)), 3u);
  EXPECT_EQ(cs::kernel_dev_minor(cs::kernel_dev(8, 0xfffff)), 0xfffffu);
}

TEST(disks, ParsesProcPartitionsRows) {
  auto devs = cs::parse_proc_partitions(kProcPartitions);
  ASSERT_EQ(devs.size(), 8u);
  EXPECT_EQ(devs[0].name, "vda");
  EXPECT_EQ(devs[0].major, 254u);
  EXPECT_EQ(devs[0].minor, 0u);
  EXPECT_EQ(devs[1].name, "vda1");
  EXPECT_EQ(devs[1].minor, 1u);
  EXPECT_EQ(devs[3].name, "nvme0n1");
  EXPECT_EQ(devs[3].major, 259u);
  EXPECT_EQ(devs[5].name, "cciss/c0d0");
  EXPECT_EQ(devs[7].name, "dm-0");
  EXPECT_TRUE(cs::parse_proc_partitions("").empty());
  EXPECT_TRUE(cs::parse_proc_partitions("major minor  #blocks  name\n").empty());
}

TEST(disks, LooksUpByNameAndDev) {
  cs::DiskTable t(cs::parse_proc_partitions(kProcPartitions));
  ASSERT_NE(t.by_name("sdb"), nullptr);
  EXPECT_EQ(t.by_name("sdb")->dev(), cs::kernel_dev(8, 16));
  EXPECT_EQ(t.by_name("sd"), nullptr);
  ASSERT_NE(t.by_dev(cs::kernel_dev(259, 1)), nullptr);
  EXPECT_EQ(t.by_dev(cs::kernel_dev(259, 1))->name, "nvme0n1p1");
  EXPECT_EQ(t.by_dev(cs::kernel_dev(9, 9)), nullptr);
  EXPECT_EQ(t.by_dev(0), nullptr);
}

// A fake sysfs: devices/block/<disk>/<part> directories, class/block/<name>
// symlinks to them, as the kernel lays them out.
class DisksSysfs : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cs-disks-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    mkdirs("devices/block");
    mkdirs("class/block");
    add("sda", "", "8:0");
    add("sda1", "sda", "8:1");
    add("sda2", "sda", "8:2");
    add("loop0", "", "7:0");
    add("cciss!c0d0", "", "104:0");
    add("cciss!c0d0p1", "cciss!c0d0", "104:1");
    write("proc_partitions",
          "major minor  #blocks  name\n\n   8 0 100 sda\n   8 1 50 sda1\n   8 2 50 sda2\n"
          " 104 0 10 cciss/c0d0\n 104 1 5 cciss/c0d0p1\n");
  }
  void TearDown() override {
    if (!root_.empty()) (void)!system(("rm -rf '" + root_ + "'").c_str());
  }
  void mkdirs(const std::string& rel) {
    std::string p = root_;
    size_t start = 0;
    while (start <= rel.size()) {
      size_t slash = rel.find('/', start);
      p = root_ + "/" + rel.substr(0, slash);
      mkdir(p.c_str(), 0755);
      if (slash == std::string::npos) break;
      start = slash + 1;
    }
  }
  void write(const std::string& rel, const std::string& text) {
    std::ofstream(root_ + "/" + rel) << text;
  }
  void add(const std::string& name, const std::string& parent, const std::string& dev) {
    std::string rel = "devices/block/" + (parent.empty() ? name : parent + "/" + name);
    mkdirs(rel);
    write(rel + "/dev", dev + "\n");
    if (!parent.empty()) write(rel + "/partition", "1\n");
    std::string link = root_ + "/class/block/" + name;
    ASSERT_EQ(symlink(("../../" + rel).c_str(), link.c_str()), 0);
  }
  std::string sys() const { return root_ + "/class/block"; }
  std::string proc() const { return root_ + "/proc_partitions"; }
  std::string root_;
};

TEST_F(DisksSysfs, LoadJoinsProcPartitionsAndSysfs) {
  cs::DiskTable t = cs::DiskTable::load(proc(), sys());
  EXPECT_EQ(t.devices().size(), 6u);  // 5 rows + loop0, which only sysfs lists
  ASSERT_NE(t.by_name("loop0"), nullptr);
  EXPECT_EQ(t.by_name("loop0")->dev(), cs::kernel_dev(7, 0));
  ASSERT_NE(t.by_dev(cs::kernel_dev(104, 0)), nullptr);
  EXPECT_EQ(t.by_dev(cs::kernel_dev(104, 0))->name, "cciss/c0d0");
}

TEST_F(DisksSysfs, LoadWithoutProcPartitionsUsesSysfsNames) {
  cs::DiskTable t = cs::DiskTable::load(root_ + "/missing", sys());
  EXPECT_EQ(t.devices().size(), 6u);
  ASSERT_NE(t.by_name("cciss/c0d0p1"), nullptr);  // '!' in sysfs is '/'
  EXPECT_EQ(t.by_name("cciss/c0d0p1")->dev(), cs::kernel_dev(104, 1));
}

TEST_F(DisksSysfs, ParentDiskOfPartitions) {
  EXPECT_EQ(cs::parent_disk("sda1", sys()), "sda");
  EXPECT_EQ(cs::parent_disk("sda2", sys()), "sda");
  EXPECT_EQ(cs::parent_disk("cciss/c0d0p1", sys()), "cciss/c0d0");
  EXPECT_EQ(cs::parent_disk("sda", sys()), "");
  EXPECT_EQ(cs::parent_disk("nosuch", sys()), "");
}

TEST_F(DisksSysfs, DiskFilterAcceptsDisksOnly) {
  cs::DiskTable t = cs::DiskTable::load(proc(), sys());
  EXPECT_EQ(cs::disk_filter_dev(t, "sda", sys()), cs::kernel_dev(8, 0));
  EXPECT_EQ(cs::disk_filter_dev(t, "loop0", sys()), cs::kernel_dev(7, 0));
  try {
    cs::disk_filter_dev(t, "nosuchdisk", sys());
    ADD_FAILURE() << "no error for an unknown disk";
  } catch (const cs::Fatal& f) {
    EXPECT_EQ(f.code, cs::kExitUsage);
    EXPECT_NE(std::string(f.what()).find("nosuchdisk"), std::string::npos) << f.what();
    EXPECT_EQ(std::string(f.what()).find('\n'), std::string::npos) << f.what();
  }
  try {
    cs::disk_filter_dev(t, "sda2", sys());
    ADD_FAILURE() << "no error for a partition";
  } catch (const cs::Fatal& f) {
    EXPECT_EQ(f.code, cs::kExitUsage);
    EXPECT_NE(std::string(f.what()).find("-d sda"), std::string::npos) << f.what();
  }
}

}  // namespace
