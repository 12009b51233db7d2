// The header line of one keyed histogram in the text output of the latency
// histogram tools (cpudist, runqlat): "<kind> = <key> <comm>".
#pragma once
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <string>

namespace cstest {

struct SectionHeader {
  std::string kind, comm;  // kind "" for an unkeyed histogram
  uint64_t key = 0;
};

// True when `line` is the header of a histogram keyed by one of `kinds`.
inline bool section_header(const std::string& line, std::initializer_list<const char*> kinds,
                           SectionHeader* h) {
  for (const char* kind : kinds) {
    std::string prefix = std::string(kind) + " = ";
    if (line.rfind(prefix, 0) != 0) continue;
    h->kind = kind;
    char* end = nullptr;
    h->key = std::strtoull(line.c_str() + prefix.size(), &end, 10);
    if (*end == ' ') h->comm = end + 1;
    return true;
  }
  return false;
}

}  // namespace cstest
