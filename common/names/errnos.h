// errno names ("ENOENT"), from a table generated at build time out of the
// kernel's UAPI headers asm-generic/errno-base.h and errno.h
// (cmake/gen_syscalls.cmake), aliases (EWOULDBLOCK, EDEADLOCK) included.
//
//   cs::errno_name(2)            -> "ENOENT"
//   cs::errno_by_name("enoent")  -> 2
//   cs::parse_errno("13")        -> 13, cs::parse_errno("EACCES") -> 13
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cs {

// The canonical name of errno `e` (sign ignored: -2 is ENOENT), or nullptr.
const char* errno_name_or_null(int e);
// The name, or the number as text when it has none.
std::string errno_name(int e);
// By name, case-insensitively; aliases resolve to their number.
std::optional<int> errno_by_name(std::string_view name);
// What a user may pass to -e ERRNO: a positive number below 4096 (the
// kernel's error range) or a name.
std::optional<int> parse_errno(std::string_view text);

// True when common/ was built without <build>/generated/errno_table.inc.
bool errno_table_missing();

}  // namespace cs
