// A syscall record of the family tools (bpf/include/syscall_event.h), read
// out of the event buffer: the fixed header, and the user strings of its
// arguments as views into the buffer (valid while the callback runs).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
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

// A handler for the event stream (runtime/events.h) that parses each record
// and calls f(const SyscallEvent&); a record too short is dropped.
template <class F>
auto syscall_handler(F f) {
  return [f, e = std::make_shared<SyscallEvent>()](const void* data, size_t size) {
    if (parse_syscall_event(data, size, *e)) f(*e);
  };
}

}  // namespace cs
