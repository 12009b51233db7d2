// open(2) flags by name, for filters such as opensnoop -f O_WRONLY.
//
// Values are the kernel's (x86-64).  A name selects calls whose flags include
// it: the access modes O_RDONLY / O_WRONLY / O_RDWR compare the O_ACCMODE
// bits (so O_RDONLY, which is 0, works), every other name tests its bit.
// Several names select calls that match any of them.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace cs {

struct OpenFlagFilter {
  uint32_t bits = 0;          // match when flags & bits
  uint32_t accmode_bits = 0;  // match when bit (flags & O_ACCMODE) is set here
  bool empty() const { return !bits && !accmode_bits; }
  bool matches(uint32_t flags) const;
};

// Adds NAME (e.g. "O_CREAT"; case-sensitive, the O_ prefix required) to the
// filter.  False when the name is unknown.
bool add_open_flag(OpenFlagFilter& f, std::string_view name);

// Every accepted name, comma-separated, for error messages and --help.
std::string open_flag_names();

}  // namespace cs
