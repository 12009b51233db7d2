#include "common/names/name_table.h"

#include <charconv>

namespace cs {

namespace {

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

NameTable::NameTable(std::span<const NameEntry> entries, const Rules& rules)
    : entries_(entries), rules_(rules) {
  for (const NameEntry& e : entries_) {
    if (e.nr >= by_number_.size()) by_number_.resize(e.nr + 1, nullptr);
    if (!by_number_[e.nr]) by_number_[e.nr] = e.name;  // the first is canonical
  }
}

const char* NameTable::name_or_null(uint32_t nr) const {
  return nr < by_number_.size() ? by_number_[nr] : nullptr;
}

std::string NameTable::name(uint32_t nr) const {
  if (const char* n = name_or_null(nr)) return n;
  return std::string(rules_.unknown_before) + std::to_string(nr) + std::string(rules_.unknown_after);
}

std::optional<uint32_t> NameTable::by_name(std::string_view name) const {
  if (!rules_.prefix.empty() && name.starts_with(rules_.prefix)) name.remove_prefix(rules_.prefix.size());
  for (const NameEntry& e : entries_)
    if (rules_.ignore_case ? iequal(name, e.name) : name == e.name) return e.nr;
  return std::nullopt;
}

std::optional<uint32_t> NameTable::parse(std::string_view text) const {
  uint32_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!text.empty() && ec == std::errc() && end == text.data() + text.size())
    return v >= rules_.first && v < rules_.limit ? std::optional<uint32_t>(v) : std::nullopt;
  return by_name(text);
}

}  // namespace cs
