// What the live tests of the file tools (filelife, filegone, vfsstat,
// cachestat) share: a directory of the test's own on a disk file system,
// removed at the end: under $CORESCOPE_TEST_BLOCK_DIR (the VMs' ext4 disk:
// their /tmp is the initramfs, whose pages never reach the page cache's
// disk paths), else under /var/tmp.
#pragma once
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace cstest {

class TempDir {
 public:
  explicit TempDir(const std::string& token) {
    const char* base = getenv("CORESCOPE_TEST_BLOCK_DIR");
    path_ = std::string(base && *base ? base : "/var/tmp") + "/" + token;
    mkdir(path_.c_str(), 0700);
  }
  ~TempDir() {
    std::string cmd = "rm -rf '" + path_ + "'";
    if (std::system(cmd.c_str()) != 0) unlink(path_.c_str());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace cstest
