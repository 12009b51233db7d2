#include "common/names/name_table.h"

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

NameTable::NameTable(std::span<const NameEntry> entries, Case match) : entries_(entries), match_(match) {
  for (const NameEntry& e : entries_) {
    if (e.nr >= by_number_.size()) by_number_.resize(e.nr + 1, nullptr);
    if (!by_number_[e.nr]) by_number_[e.nr] = e.name;  // the first is canonical
  }
}

const char* NameTable::name_or_null(uint32_t nr) const {
  return nr < by_number_.size() ? by_number_[nr] : nullptr;
}

std::optional<uint32_t> NameTable::by_name(std::string_view name) const {
  for (const NameEntry& e : entries_)
    if (match_ == Case::Ignore ? iequal(name, e.name) : name == e.name) return e.nr;
  return std::nullopt;
}

}  // namespace cs
