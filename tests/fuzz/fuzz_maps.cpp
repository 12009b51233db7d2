// /proc/PID/maps text (cs::parse_maps): no crash, one mapping at most per
// line, sorted by start; and the same bytes taken as the fields of one line
// the kernel could print come back field for field.
#include <fuzzer/FuzzedDataProvider.h>

#include <sys/sysmacros.h>

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "common/symbols/usyms.h"
#include "fuzz_check.h"

namespace {

void check_any_text(const std::string& text) {
  std::vector<cs::Mapping> maps = cs::parse_maps(text);
  FUZZ_CHECK(maps.size() <= static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  for (size_t i = 0; i < maps.size(); i++) {
    const cs::Mapping& m = maps[i];
    if (i) FUZZ_CHECK(maps[i - 1].start <= m.start);
    FUZZ_CHECK(m.path.find('\n') == std::string::npos);
    FUZZ_CHECK(m.path.empty() || m.path[0] != ' ');
  }
}

// As show_map_vma() prints it: the path padded to column 73 (on 64-bit).
void check_one_line(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  uint64_t start = in.ConsumeIntegral<uint64_t>(), end = in.ConsumeIntegral<uint64_t>();
  uint64_t offset = in.ConsumeIntegral<uint64_t>(), inode = in.ConsumeIntegral<uint64_t>();
  unsigned major = in.ConsumeIntegralInRange<unsigned>(0, 0xfff);
  unsigned minor = in.ConsumeIntegralInRange<unsigned>(0, 0xfffff);
  bool exec = in.ConsumeBool(), deleted = in.ConsumeBool();
  std::string path = in.ConsumeRemainingBytesAsString();
  // The kernel prints '\n' in a name as "\012" and never a NUL; a name that
  // starts with a space or ends in " (deleted)" is ambiguous in this format.
  std::erase_if(path, [](char c) { return c == '\n' || c == '\0'; });
  path.erase(0, path.find_first_not_of(' ') == std::string::npos ? path.size()
                                                                   : path.find_first_not_of(' '));
  static const std::string kDeleted = " (deleted)";
  if (path.size() >= kDeleted.size() &&
      path.compare(path.size() - kDeleted.size(), kDeleted.size(), kDeleted) == 0)
    return;
  if (path.empty()) deleted = false;
  char head[128];
  int n = std::snprintf(head, sizeof head, "%" PRIx64 "-%" PRIx64 " %s %08" PRIx64 " %02x:%02x %" PRIu64 " ",
                        start, end, exec ? "r-xp" : "rw-p", offset, major, minor, inode);
  std::string line(head, static_cast<size_t>(n));
  if (!path.empty() && line.size() < 73) line.resize(73, ' ');
  line += path + (deleted ? kDeleted : "") + "\n";
  std::vector<cs::Mapping> maps = cs::parse_maps(line);
  FUZZ_CHECK(maps.size() == 1);
  const cs::Mapping& m = maps[0];
  FUZZ_CHECK(m.start == start && m.end == end && m.offset == offset && m.inode == inode);
  FUZZ_CHECK(m.dev == makedev(major, minor));
  FUZZ_CHECK(m.exec == exec && m.deleted == deleted && m.path == path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  check_any_text(std::string(reinterpret_cast<const char*>(data), size));
  check_one_line(data, size);
  return 0;
}
