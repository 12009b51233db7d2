// File systems for the live tests of the file system tools (fsslower,
// fsdist and their aliases): a directory on a file system of the type under
// test, and one workload that does a known set of file calls there.
//
// Where the directory comes from: CORESCOPE_TEST_<TYPE>_DIR when set (the
// kernel-matrix VM mounts a disk run-matrix made for it: tests/vm/README.md);
// else ext4 is the host's /tmp (or TMPDIR) when it is ext4; else a fresh
// mkfs.<type> on a loop device over a sparse file in /tmp, undone by the
// destructor.
#pragma once
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "harness.h"

namespace cstest {

// The calls fs_calls makes, in order: the letter fsslower prints, the bytes,
// the offset in KiB.
struct FileCall {
  char op;
  std::string bytes;
  long off_kb;
};
inline const std::vector<FileCall> kFileCalls = {
    {'O', "0", 0},    {'W', "4096", 0}, {'W', "1000", 8},     {'R', "4096", 0},
    {'R', "1000", 8}, {'F', "LL_MAX", 0},
};

// On FILE: open (create), write 4096 bytes at 0, pwrite 1000 at 8192, read
// 4096 from 0, pread 1000 at 8192, fsync, fstat (a getattr, which fsslower
// does not trace), close, unlink.  0 when all worked.
inline int fs_calls(const std::string& file) {
  static char buf[4096];
  int fd = open(file.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return 10;
  int bad = 0;
  bad |= write(fd, buf, 4096) != 4096;
  bad |= pwrite(fd, buf, 1000, 8192) != 1000;
  bad |= lseek(fd, 0, SEEK_SET) != 0;
  bad |= read(fd, buf, 4096) != 4096;
  bad |= pread(fd, buf, 1000, 8192) != 1000;
  bad |= fsync(fd) != 0;
  struct stat st{};
  bad |= fstat(fd, &st) != 0 || st.st_size != 9192;
  close(fd);
  unlink(file.c_str());
  return bad ? 11 : 0;
}

inline std::string shell_out(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[256];
    while (fgets(buf, sizeof buf, p)) out += buf;
    pclose(p);
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// Is dir on a file system of this type?  By the super block magic (statfs),
// which busybox's stat in the VM would not name the same way.
inline bool dir_is_fs(const std::string& dir, const std::string& type) {
  struct statfs s{};
  if (statfs(dir.c_str(), &s) != 0) return false;
  unsigned long m = static_cast<unsigned long>(s.f_type);
  if (type == "ext4") return m == 0xEF53;
  if (type == "xfs") return m == 0x58465342;
  if (type == "btrfs") return m == 0x9123683E;
  return false;
}

inline bool kernel_lists_fs(const std::string& type) {
  std::ifstream in("/proc/filesystems");
  std::string a, b, line;
  while (std::getline(in, line)) {
    std::istringstream w(line);
    w >> a >> b;
    if (a == type || b == type) return true;
  }
  return false;
}

class TestFs {
 public:
  explicit TestFs(const std::string& type) : type_(type) {
    std::string upper;
    for (char c : type) upper += static_cast<char>(toupper(c));
    if (const char* d = getenv(("CORESCOPE_TEST_" + upper + "_DIR").c_str()); d && *d) {
      dir_ = d;
      return;
    }
    if (type == "ext4") {
      const char* t = getenv("TMPDIR");
      std::string tmp = t && *t ? t : "/tmp";
      if (dir_is_fs(tmp, "ext4")) dir_ = tmp;
      else why_ = tmp + " is not ext4";
      return;
    }
    if (shell_out("command -v mkfs." + type).empty()) {
      why_ = "no mkfs." + type;
      return;
    }
    std::string token = unique_token("csfs");
    image_ = "/tmp/" + token + ".img";
    mnt_ = "/tmp/" + token + ".mnt";
    // xfs wants 300 MiB at least; the file stays sparse.
    if (std::system(("truncate -s 320M " + image_).c_str()) != 0) {
      fail("truncate");
      return;
    }
    loop_ = shell_out("losetup -f --show " + image_);
    if (loop_.empty()) {
      fail("losetup");
      return;
    }
    if (std::system(("mkfs." + type + " -q -f " + loop_ + " >/dev/null 2>&1").c_str()) != 0) {
      fail("mkfs." + type);
      return;
    }
    mkdir(mnt_.c_str(), 0700);
    if (std::system(("mount -t " + type + " " + loop_ + " " + mnt_).c_str()) != 0) {
      fail("mount");
      return;
    }
    mounted_ = true;
    dir_ = mnt_;
  }
  ~TestFs() {
    if (mounted_) std::system(("umount " + mnt_).c_str());
    if (!mnt_.empty()) rmdir(mnt_.c_str());
    if (!loop_.empty()) std::system(("losetup -d " + loop_).c_str());
    if (!image_.empty()) unlink(image_.c_str());
  }
  TestFs(const TestFs&) = delete;
  TestFs& operator=(const TestFs&) = delete;

  // The directory to work in, "" when there is none (why() says why).
  const std::string& dir() const { return dir_; }
  const std::string& why() const { return why_; }

 private:
  void fail(const std::string& step) { why_ = step + " failed for " + type_; }

  std::string type_, dir_, why_, image_, mnt_, loop_;
  bool mounted_ = false;
};

}  // namespace cstest
