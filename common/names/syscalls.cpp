#include "common/names/syscalls.h"

#include <charconv>
#include <vector>

namespace cs {

namespace {

#if __has_include("syscall_table.inc")
constexpr SyscallEntry kTable[] = {
#include "syscall_table.inc"
};
constexpr bool kMissing = false;
#else
#warning "syscall_table.inc not generated: include cmake/gen_syscalls.cmake in common/CMakeLists.txt"
constexpr SyscallEntry kTable[] = {{0, nullptr}};
constexpr bool kMissing = true;
#endif

// Name by number, built once (numbers are small and dense).
const std::vector<const char*>& by_number() {
  static const std::vector<const char*> v = [] {
    std::vector<const char*> names;
    for (const SyscallEntry& e : syscall_table()) {
      if (e.nr >= names.size()) names.resize(e.nr + 1, nullptr);
      names[e.nr] = e.name;
    }
    return names;
  }();
  return v;
}

}  // namespace

std::span<const SyscallEntry> syscall_table() {
  if (kMissing) return {};
  return {kTable, std::size(kTable)};
}

bool syscall_table_missing() { return kMissing; }

const char* syscall_name_or_null(uint32_t nr) {
  const auto& v = by_number();
  return nr < v.size() ? v[nr] : nullptr;
}

std::string syscall_name(uint32_t nr) {
  if (const char* n = syscall_name_or_null(nr)) return n;
  return "[unknown: " + std::to_string(nr) + "]";
}

std::optional<uint32_t> syscall_by_name(std::string_view name) {
  if (name.starts_with("sys_")) name.remove_prefix(4);
  for (const SyscallEntry& e : syscall_table())
    if (name == e.name) return e.nr;
  return std::nullopt;
}

std::optional<uint32_t> parse_syscall(std::string_view text) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size())
    return v < 1024 ? std::optional<uint32_t>(v) : std::nullopt;
  return syscall_by_name(text);
}

}  // namespace cs
