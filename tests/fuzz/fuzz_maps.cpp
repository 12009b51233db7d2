// /proc/PID/maps text (cs::parse_maps): no crash, one mapping at most per
// line, sorted by start, paths as the symbolizer uses them.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "common/symbols/usyms.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<cs::Mapping> maps = cs::parse_maps(text);
  FUZZ_CHECK(maps.size() <= static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  for (size_t i = 0; i < maps.size(); i++) {
    const cs::Mapping& m = maps[i];
    if (i) FUZZ_CHECK(maps[i - 1].start <= m.start);
    FUZZ_CHECK(m.path.find('\n') == std::string::npos);
    FUZZ_CHECK(m.path.empty() || m.path[0] != ' ');
  }
  return 0;
}
