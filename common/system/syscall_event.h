// A syscall record of the family tools (bpf/include/syscall_event.h), read
// out of the event buffer: the fixed header, and the user strings of its
// arguments as views into the buffer (valid while the callback runs).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <linux/types.h>

#include "bpf/include/syscall_event.h"

namespace cs {

struct SyscallEvent {
  cs_syscall_event head;  // all but data[]
  std::string_view str[CS_SYSCALL_ARGS];  // argument i as a string, "" if none
  bool has_str[CS_SYSCALL_ARGS] = {};     // the kernel read argument i as a string
};

// False when the record is too short for its header.  Strings the record
// cuts short are shortened, never read past its end.
bool parse_syscall_event(const void* data, size_t size, SyscallEvent& out);

}  // namespace cs
