// A BPF hash map pinned in bpffs, made with the raw bpf(2) syscall, as
// container tooling makes the maps that bcc's --cgroupmap and --mntnsmap
// name (the test binary links no libbpf, and the VMs have no bpftool).
#pragma once
#include <linux/bpf.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

namespace cstest {

class PinnedHashMap {
 public:
  // Pins a new map at /sys/fs/bpf/NAME, mounting bpffs there if needed.
  PinnedHashMap(const std::string& name, uint32_t key_size, uint32_t value_size)
      : path_("/sys/fs/bpf/" + name) {
    // Kernels before 5.11 charge BPF maps to RLIMIT_MEMLOCK (64 KiB in the VMs).
    struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
    setrlimit(RLIMIT_MEMLOCK, &unlimited);
    struct statfs fs;
    if (statfs("/sys/fs/bpf", &fs) != 0 || fs.f_type != BPF_FS_MAGIC)
      mount("bpf", "/sys/fs/bpf", "bpf", 0, nullptr);
    union bpf_attr a;
    std::memset(&a, 0, sizeof a);
    a.map_type = BPF_MAP_TYPE_HASH;
    a.key_size = key_size;
    a.value_size = value_size;
    a.max_entries = 16;
    fd_ = static_cast<int>(syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof a));
    if (fd_ < 0) {
      why_ = std::string("BPF_MAP_CREATE: ") + std::strerror(errno);
      return;
    }
    std::memset(&a, 0, sizeof a);
    a.pathname = reinterpret_cast<uint64_t>(path_.c_str());
    a.bpf_fd = static_cast<uint32_t>(fd_);
    pinned_ = syscall(SYS_bpf, BPF_OBJ_PIN, &a, sizeof a) == 0;
    if (!pinned_) why_ = "BPF_OBJ_PIN " + path_ + ": " + std::strerror(errno);
  }
  ~PinnedHashMap() {
    if (pinned_) unlink(path_.c_str());
    if (fd_ >= 0) close(fd_);
  }
  PinnedHashMap(const PinnedHashMap&) = delete;
  PinnedHashMap& operator=(const PinnedHashMap&) = delete;

  bool ok() const { return pinned_; }
  const std::string& why() const { return why_; }  // when not ok()
  const std::string& path() const { return path_; }
  // Adds `key` with a zero value (the tools look at keys only).
  bool add(uint64_t key) {
    uint64_t value = 0;
    union bpf_attr a;
    std::memset(&a, 0, sizeof a);
    a.map_fd = static_cast<uint32_t>(fd_);
    a.key = reinterpret_cast<uint64_t>(&key);
    a.value = reinterpret_cast<uint64_t>(&value);
    return syscall(SYS_bpf, BPF_MAP_UPDATE_ELEM, &a, sizeof a) == 0;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool pinned_ = false;
  std::string why_;
};

}  // namespace cstest
