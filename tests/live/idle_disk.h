// A block device no one else uses, for block tools' tests that count
// requests exactly: a loop device of our own over a file in /tmp, else an
// idle disk given as $CORESCOPE_TEST_IDLE_DISK or found as /dev/vdb (the
// kernel matrix's second disk).  Reads with O_DIRECT of 512-byte multiples
// at chosen offsets are one request each, issued by the reader.
#pragma once
#include <fcntl.h>
#include <linux/loop.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "harness.h"
#include "workloads.h"

namespace cstest {

class IdleDisk {
 public:
  IdleDisk() {
    if (const char* env = std::getenv("CORESCOPE_TEST_IDLE_DISK"); env && *env) {
      use(env);
      return;
    }
    if (make_loop()) return;
    std::string loop_why = why_not;
    if (access("/sys/block/vdb", F_OK) == 0 && !mounted("/dev/vdb")) {
      why_not.clear();
      use("vdb");
      return;
    }
    why_not = loop_why + "; no /dev/vdb either (set CORESCOPE_TEST_IDLE_DISK to an idle disk)";
  }
  ~IdleDisk() {
    if (loop_fd_ >= 0) {
      ioctl(loop_fd_, LOOP_CLR_FD, 0);
      close(loop_fd_);
    }
    if (!backing_.empty()) unlink(backing_.c_str());
  }
  IdleDisk(const IdleDisk&) = delete;
  IdleDisk& operator=(const IdleDisk&) = delete;

  std::string name, dev;  // "loop3", "/dev/loop3"
  std::string why_not;    // set when there is none

  // Completed reads + writes, from /sys/block/NAME/stat: equal before and
  // after a test's I/O plus its own count only when no one else used it.
  uint64_t ios() const {
    std::ifstream in("/sys/block/" + name + "/stat");
    uint64_t v[5] = {};
    for (auto& x : v) in >> x;
    return v[0] + v[4];
  }

 private:
  int loop_fd_ = -1;
  std::string backing_;

  void use(const std::string& n) {
    name = n;
    dev = "/dev/" + n;
  }
  static bool mounted(const std::string& prefix) {
    std::ifstream in("/proc/self/mounts");
    std::string src, rest;
    while (in >> src && std::getline(in, rest))
      if (src.rfind(prefix, 0) == 0) return true;
    return false;
  }
  bool make_loop() {
    int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
    if (ctl < 0) {
      why_not = std::string("no loop devices (/dev/loop-control: ") + std::strerror(errno) + ")";
      return false;
    }
    std::string file = "/tmp/corescope-idle-disk-XXXXXX";
    int bfd = mkstemp(file.data());
    if (bfd < 0 || ftruncate(bfd, 16 << 20) != 0) {
      why_not = "cannot make a 16 MiB file in /tmp";
      if (bfd >= 0) close(bfd), unlink(file.c_str());
      close(ctl);
      return false;
    }
    backing_ = file;
    // Another test binary may take the free device first: ask again.
    for (int tries = 0; tries < 8 && loop_fd_ < 0; tries++) {
      int n = ioctl(ctl, LOOP_CTL_GET_FREE);
      if (n < 0) break;
      std::string path = "/dev/loop" + std::to_string(n);
      int fd = open(path.c_str(), O_RDWR | O_CLOEXEC);
      if (fd < 0) break;
      if (ioctl(fd, LOOP_SET_FD, bfd) == 0) {
        loop_fd_ = fd;
        use("loop" + std::to_string(n));
      } else {
        close(fd);
      }
    }
    close(bfd);
    close(ctl);
    if (loop_fd_ < 0) why_not = "cannot attach a loop device";
    return loop_fd_ >= 0;
  }
};

#define CS_REQUIRE_IDLE_DISK(d)                          \
  do {                                                   \
    CS_REQUIRE_BPF();                                    \
    if (!(d).why_not.empty()) {                          \
      if (::cstest::in_ci()) FAIL() << (d).why_not;      \
      GTEST_SKIP() << (d).why_not;                       \
    }                                                    \
  } while (0)

// Arguments of the direct_reads workload: read `n` times `kib` KiB with
// O_DIRECT, from `first_kib` on, each read `stride_kib` after the last.
struct DirectReads {
  int n;
  int kib;
  int first_kib = 0;
  int stride_kib = 0;  // 0: kib (back to back)
};

// Starts the reads as a process named `comm`; its pid (wait_workload).
inline pid_t spawn_direct_reads(const std::string& dev, const std::string& comm,
                                const std::vector<DirectReads>& reads) {
  std::vector<std::string> args{dev, comm};
  for (auto& r : reads)
    args.push_back(std::to_string(r.n) + ":" + std::to_string(r.kib) + ":" +
                   std::to_string(r.first_kib) + ":" +
                   std::to_string(r.stride_kib ? r.stride_kib : r.kib));
  return spawn_workload("direct_reads", args);
}

// The same, waited for: 0 on success.
inline int run_direct_reads(const std::string& dev, const std::string& comm,
                            const std::vector<DirectReads>& reads) {
  return wait_workload(spawn_direct_reads(dev, comm, reads));
}

}  // namespace cstest
