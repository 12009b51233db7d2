#include "common/names/errnos.h"

#include <charconv>

namespace cs {

namespace {

constexpr NameEntry kTable[] = {
#include "errno_table.inc"
};

}  // namespace

const NameTable& errno_names() {
  static const NameTable t(kTable, NameTable::Case::Ignore);
  return t;
}

std::string errno_name(int e) {
  uint32_t v = e < 0 ? -static_cast<int64_t>(e) : e;
  if (const char* n = errno_names().name_or_null(v)) return n;
  return std::to_string(v);
}

std::optional<int> errno_by_name(std::string_view name) {
  if (auto nr = errno_names().by_name(name)) return static_cast<int>(*nr);
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
