#include "common/names/errnos.h"

#include <charconv>

namespace cs {

namespace {

struct ErrnoEntry {
  int nr;
  const char* name;
};

#if __has_include("errno_table.inc")
// Canonical names first, in header order, then aliases.
constexpr ErrnoEntry kTable[] = {
#include "errno_table.inc"
};
constexpr bool kMissing = false;
#else
#warning "errno_table.inc not generated: include cmake/gen_syscalls.cmake in common/CMakeLists.txt"
constexpr ErrnoEntry kTable[] = {{0, nullptr}};
constexpr bool kMissing = true;
#endif

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++) {
    char x = a[i], y = b[i];
    if (x >= 'a' && x <= 'z') x -= 'a' - 'A';
    if (y >= 'a' && y <= 'z') y -= 'a' - 'A';
    if (x != y) return false;
  }
  return true;
}

}  // namespace

bool errno_table_missing() { return kMissing; }

const char* errno_name_or_null(int e) {
  if (kMissing) return nullptr;
  long v = e < 0 ? -static_cast<long>(e) : e;
  for (const ErrnoEntry& x : kTable)
    if (x.nr == v) return x.name;  // the first entry is the canonical name
  return nullptr;
}

std::string errno_name(int e) {
  if (const char* n = errno_name_or_null(e)) return n;
  return std::to_string(e < 0 ? -static_cast<long>(e) : e);
}

std::optional<int> errno_by_name(std::string_view name) {
  if (kMissing) return std::nullopt;
  for (const ErrnoEntry& x : kTable)
    if (iequal(name, x.name)) return x.nr;
  return std::nullopt;
}

std::optional<int> parse_errno(std::string_view text) {
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && end == text.data() + text.size() && !text.empty())
    return v >= 1 && v < 4096 ? std::optional<int>(v) : std::nullopt;
  return errno_by_name(text);
}

}  // namespace cs
