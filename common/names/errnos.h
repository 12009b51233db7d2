// errno names ("ENOENT"), aliases (EWOULDBLOCK, EDEADLOCK) included, from the
// kernel's UAPI headers asm-generic/errno-base.h and errno.h.
//
//   cs::errno_name(2)            -> "ENOENT"
//   cs::errno_by_name("enoent")  -> 2
//   cs::parse_errno("13")        -> 13, cs::parse_errno("EACCES") -> 13
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "common/names/name_table.h"

namespace cs {

// Matched case-insensitively.
const NameTable& errno_names();
// The name of errno `e` (sign ignored: -2 is ENOENT), or the number as text
// when it has none.
std::string errno_name(int e);
std::optional<int> errno_by_name(std::string_view name);
// What a user may pass to -e ERRNO: a positive number below 4096 (the
// kernel's error range) or a name.
std::optional<int> parse_errno(std::string_view text);

}  // namespace cs
