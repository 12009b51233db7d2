// A whole disk that only the test writes to, for block tools whose counts the
// test must control exactly: a loop device over a file in /tmp where the
// kernel has the loop driver (the host), else the idle disk the kernel
// matrix's VM names in $CORESCOPE_TEST_IDLE_DISK (its /dev/vdb).
//
// The block_io workload does O_DIRECT I/O of known size at known sectors on
// it: every call is one block request, issued by the workload's own pid.
#pragma once
#include <fcntl.h>
#include <linux/loop.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness.h"
#include "workloads.h"

namespace cstest {

constexpr size_t kOwnDiskBytes = 64 << 20;

class OwnDisk {
 public:
  OwnDisk() {
    if (make_loop()) return;
    const char* idle = std::getenv("CORESCOPE_TEST_IDLE_DISK");
    if (idle && *idle && access(("/dev/" + std::string(idle)).c_str(), R_OK | W_OK) == 0) {
      name = idle;
      path = "/dev/" + name;
      why_not.clear();
    }
  }
  ~OwnDisk() {
    if (loop_fd_ >= 0) {
      ioctl(loop_fd_, LOOP_CLR_FD, 0);
      close(loop_fd_);
    }
    if (!backing_.empty()) unlink(backing_.c_str());
  }
  OwnDisk(const OwnDisk&) = delete;
  OwnDisk& operator=(const OwnDisk&) = delete;

  std::string name;     // "loop7", "vdb"
  std::string path;     // "/dev/loop7"
  std::string why_not;  // set when there is none

  // Puts an I/O scheduler on the disk (for the insert hook); false if the
  // kernel has no such scheduler.
  bool set_scheduler(const std::string& sched) const {
    std::string f = "/sys/block/" + name + "/queue/scheduler";
    int fd = open(f.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = write(fd, sched.data(), sched.size()) == static_cast<ssize_t>(sched.size());
    close(fd);
    return ok;
  }

 private:
  int loop_fd_ = -1;
  std::string backing_;

  bool make_loop() {
    why_not = "no loop device (/dev/loop-control) and no $CORESCOPE_TEST_IDLE_DISK";
    int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0) return false;
    int n = ioctl(ctl, LOOP_CTL_GET_FREE);
    close(ctl);
    if (n < 0) return false;
    char tmpl[] = "/tmp/corescope-own-disk-XXXXXX";
    int bfd = mkstemp(tmpl);
    if (bfd < 0) return false;
    backing_ = tmpl;
    std::string dev = "/dev/loop" + std::to_string(n);
    int lfd = open(dev.c_str(), O_RDWR | O_CLOEXEC);
    bool ok = ftruncate(bfd, kOwnDiskBytes) == 0 && lfd >= 0 && ioctl(lfd, LOOP_SET_FD, bfd) == 0;
    close(bfd);
    if (!ok) {
      why_not = "cannot set up " + dev + ": " + std::strerror(errno);
      if (lfd >= 0) close(lfd);
      return false;
    }
    loop_fd_ = lfd;
    name = "loop" + std::to_string(n);
    path = dev;
    why_not.clear();
    return true;
  }
};

#define CS_REQUIRE_OWN_DISK(d)                                        \
  do {                                                                \
    CS_REQUIRE_BPF();                                                 \
    if (!(d).why_not.empty()) {                                       \
      if (::cstest::in_ci()) FAIL() << (d).why_not;                   \
      GTEST_SKIP() << (d).why_not;                                    \
    }                                                                 \
  } while (0)

// One I/O the block_io workload makes.
struct OwnIo {
  bool write;
  uint64_t sector;  // 512-byte units from the start of the disk
  uint32_t bytes;
};

// `count` I/Os of `bytes` from `first_sector` on, one after another: writes,
// then reads of the same blocks when `reads`.
inline std::vector<OwnIo> own_ios(uint64_t first_sector, int count, uint32_t bytes, bool reads) {
  std::vector<OwnIo> r;
  for (int pass = 0; pass < (reads ? 2 : 1); pass++)
    for (int i = 0; i < count; i++)
      r.push_back({pass == 0, first_sector + static_cast<uint64_t>(i) * (bytes / 512), bytes});
  return r;
}

// block_io DEVICE FIRST_SECTOR COUNT BYTES [reads]: the I/Os own_ios() lists.
inline std::vector<std::string> own_io_args(const OwnDisk& d, uint64_t first_sector, int count,
                                            uint32_t bytes, bool reads) {
  std::vector<std::string> a{d.path, std::to_string(first_sector), std::to_string(count),
                             std::to_string(bytes)};
  if (reads) a.push_back("reads");
  return a;
}

// The command name the workload runs under (this binary's).
std::string own_io_comm();

}  // namespace cstest
