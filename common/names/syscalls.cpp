#include "common/names/syscalls.h"

#include <charconv>

namespace cs {

namespace {

constexpr NameEntry kTable[] = {
#include "syscall_table.inc"
};

}  // namespace

const NameTable& syscall_names() {
  static const NameTable t(kTable, NameTable::Case::Exact);
  return t;
}

std::string syscall_name(uint32_t nr) {
  if (const char* n = syscall_names().name_or_null(nr)) return n;
  return "[unknown: " + std::to_string(nr) + "]";
}

std::optional<uint32_t> syscall_by_name(std::string_view name) {
  if (name.starts_with("sys_")) name.remove_prefix(4);
  return syscall_names().by_name(name);
}

std::optional<uint32_t> parse_syscall(std::string_view text) {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size())
    return v < 1024 ? std::optional<uint32_t>(v) : std::nullopt;
  return syscall_by_name(text);
}

}  // namespace cs
