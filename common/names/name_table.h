// A table of names by number, generated at build time from the kernel's UAPI
// headers (cmake/gen_names.cmake): syscalls, errnos, capabilities.  A number
// may have several names; its first is the canonical one, later ones are
// aliases (EWOULDBLOCK after EAGAIN).  What differs between the tables (case,
// a prefix users may write, the numbers a user may give, how a nameless
// number prints) are the table's Rules.
//
//   cs::syscall_names().name(257)          -> "openat"
//   cs::syscall_names().name(999)          -> "[unknown: 999]"   (bcc's form)
//   cs::syscall_names().parse("sys_openat") -> 257
//   cs::errno_names().parse("enoent")      -> 2
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

struct NameEntry {
  uint32_t nr;
  const char* name;
};

class NameTable {
 public:
  struct Rules {
    bool ignore_case = false;
    std::string_view prefix;       // may stand before a name and is dropped ("sys_")
    uint32_t first = 0, limit = 0;  // the numbers parse() takes: [first, limit)
    std::string_view unknown_before, unknown_after;  // around a nameless number
  };
  NameTable(std::span<const NameEntry> entries, const Rules& rules);

  std::span<const NameEntry> entries() const { return entries_; }
  // The canonical name of `nr`, or nullptr.
  const char* name_or_null(uint32_t nr) const;
  // The name, or the number between the rules' unknown_before and _after.
  std::string name(uint32_t nr) const;
  // A name's number (aliases included), or nullopt.
  std::optional<uint32_t> by_name(std::string_view name) const;
  // What a user may write: a number in the rules' range (known or not: the
  // kernel may be newer than the table), or a name.
  std::optional<uint32_t> parse(std::string_view text) const;

 private:
  std::span<const NameEntry> entries_;
  Rules rules_;
  std::vector<const char*> by_number_;  // numbers are small and dense
};

// Syscalls of x86-64 (asm/unistd_64.h), by number; numbers below 1024.
const NameTable& syscall_names();
// errnos (asm-generic/errno-base.h, errno.h), any case; numbers 1 to 4095.
const NameTable& errno_names();

}  // namespace cs
