// x86-64 syscall names, from the kernel's UAPI header asm/unistd_64.h.
//
//   cs::syscall_name(257)          -> "openat"
//   cs::syscall_name(999)          -> "[unknown: 999]"   (bcc's form)
//   cs::syscall_by_name("openat")  -> 257
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/names/name_table.h"

namespace cs {

// Sorted by number.
const NameTable& syscall_names();
// The name, or "[unknown: N]" as bcc and libbpf-tools print it.
std::string syscall_name(uint32_t nr);
// By name ("openat"; a "sys_" prefix is accepted too).
std::optional<uint32_t> syscall_by_name(std::string_view name);
// What a user may pass as a syscall: a name, or a number below 1024 (known
// or not: the kernel may be newer than the table).
std::optional<uint32_t> parse_syscall(std::string_view text);

}  // namespace cs
