// The block_io workload of own_disk.h.
#include "own_disk.h"

#include <stdlib.h>

#include "gated_workload.h"

namespace cstest {
namespace {

int block_io(const std::vector<std::string>& args);

// block_io DEVICE FIRST_SECTOR COUNT BYTES [reads]
CS_WORKLOAD(block_io) { return block_io(args); }

// block_io_gated GATE_FD READY_FD DEVICE ...: the same after the gate.
CS_WORKLOAD(block_io_gated) {
  if (!pass_workload_gate(args)) return 1;
  return block_io({args.begin() + 2, args.end()});
}

int block_io(const std::vector<std::string>& args) {
  uint64_t first = std::stoull(args.at(1));
  int count = std::stoi(args.at(2));
  size_t bytes = std::stoul(args.at(3));
  bool reads = args.size() > 4 && args[4] == "reads";
  int fd = open(args.at(0).c_str(), O_RDWR | O_DIRECT | O_CLOEXEC);
  if (fd < 0) return 2;
  void* buf = nullptr;
  if (posix_memalign(&buf, 4096, bytes)) return 3;
  std::memset(buf, 0x5a, bytes);
  for (const OwnIo& io : own_ios(first, count, static_cast<uint32_t>(bytes), reads)) {
    off_t off = static_cast<off_t>(io.sector * 512);
    ssize_t r = io.write ? pwrite(fd, buf, bytes, off) : pread(fd, buf, bytes, off);
    if (r != static_cast<ssize_t>(bytes)) return 4;
  }
  close(fd);
  free(buf);
  return 0;
}

}  // namespace

std::string own_io_comm() {
  std::string c = read_small_file("/proc/self/comm");
  if (!c.empty() && c.back() == '\n') c.pop_back();
  return c;
}

}  // namespace cstest
