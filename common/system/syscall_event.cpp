#include "common/system/syscall_event.h"

#include <algorithm>
#include <cstring>

namespace cs {

bool parse_syscall_event(const void* data, size_t size, SyscallEvent& out) {
  constexpr size_t kHeader = offsetof(cs_syscall_event, data);
  if (size < kHeader) return false;
  std::memcpy(&out.head, data, kHeader);
  std::string_view rest(static_cast<const char*>(data) + kHeader, size - kHeader);
  for (int i = 0; i < CS_SYSCALL_ARGS; i++) {
    size_t n = std::min<size_t>(out.head.str_size[i], rest.size());
    std::string_view s = rest.substr(0, n);
    rest.remove_prefix(n);
    out.has_str[i] = n > 0;
    if (!s.empty() && s.back() == '\0') s.remove_suffix(1);
    out.str[i] = s;
  }
  return true;
}

}  // namespace cs
