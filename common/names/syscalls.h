// x86-64 syscall names, from a table generated at build time out of the
// kernel's UAPI header asm/unistd_64.h (cmake/gen_syscalls.cmake).
//
//   cs::syscall_name(257)          -> "openat"
//   cs::syscall_name(999)          -> "[unknown: 999]"   (bcc's form)
//   cs::syscall_by_name("openat")  -> 257
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cs {

struct SyscallEntry {
  uint32_t nr;
  const char* name;
};

// Every known syscall, sorted by number; empty if the generated table was
// missing when this library was built (see syscall_table_missing()).
std::span<const SyscallEntry> syscall_table();

// The name of syscall `nr`, or nullptr if the table has none.
const char* syscall_name_or_null(uint32_t nr);
// The name, or "[unknown: N]" as bcc and libbpf-tools print it.
std::string syscall_name(uint32_t nr);
// By name ("openat"; a "sys_" prefix is accepted too).
std::optional<uint32_t> syscall_by_name(std::string_view name);
// What a user may pass as a syscall: a name, or a number below 1024 (known
// or not: the kernel may be newer than the table).
std::optional<uint32_t> parse_syscall(std::string_view text);

// True when common/ was built without <build>/generated/syscall_table.inc
// (cmake/gen_syscalls.cmake not included): every name is then unknown.
bool syscall_table_missing();

}  // namespace cs
