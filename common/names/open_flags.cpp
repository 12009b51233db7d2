#include "common/names/open_flags.h"

namespace cs {

namespace {

constexpr uint32_t kAccmode = 03;

struct Named {
  const char* name;
  uint32_t value;
  bool accmode;
};

// O_SYNC and O_TMPFILE are several bits in the ABI (O_SYNC = __O_SYNC |
// O_DSYNC, O_TMPFILE = __O_TMPFILE | O_DIRECTORY); each is matched by the bit
// only it sets.  O_LARGEFILE is left out: the kernel adds it to every 64-bit
// open and the tools drop it.
constexpr Named kFlags[] = {
    {"O_RDONLY", 00, true},
    {"O_WRONLY", 01, true},
    {"O_RDWR", 02, true},
    {"O_CREAT", 0100, false},
    {"O_EXCL", 0200, false},
    {"O_NOCTTY", 0400, false},
    {"O_TRUNC", 01000, false},
    {"O_APPEND", 02000, false},
    {"O_NONBLOCK", 04000, false},
    {"O_NDELAY", 04000, false},
    {"O_DSYNC", 010000, false},
    {"O_ASYNC", 020000, false},
    {"O_DIRECT", 040000, false},
    {"O_DIRECTORY", 0200000, false},
    {"O_NOFOLLOW", 0400000, false},
    {"O_NOATIME", 01000000, false},
    {"O_CLOEXEC", 02000000, false},
    {"O_SYNC", 04000000, false},
    {"O_RSYNC", 04000000, false},
    {"O_PATH", 010000000, false},
    {"O_TMPFILE", 020000000, false},
};

}  // namespace

bool OpenFlagFilter::matches(uint32_t flags) const {
  if (empty()) return true;
  return (flags & bits) || (accmode_bits & (1u << (flags & kAccmode)));
}

bool add_open_flag(OpenFlagFilter& f, std::string_view name) {
  for (const Named& n : kFlags) {
    if (name != n.name) continue;
    if (n.accmode)
      f.accmode_bits |= 1u << n.value;
    else
      f.bits |= n.value;
    return true;
  }
  return false;
}

std::string open_flag_names() {
  std::string s;
  for (const Named& n : kFlags) {
    if (!s.empty()) s += ", ";
    s += n.name;
  }
  return s;
}

}  // namespace cs
