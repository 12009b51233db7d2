// A table of names by number, generated at build time from the kernel's UAPI
// headers (cmake/gen_names.cmake): syscalls, errnos, capabilities.  A number
// may have several names; its first is the canonical one, later ones are
// aliases (EWOULDBLOCK after EAGAIN).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace cs {

struct NameEntry {
  uint32_t nr;
  const char* name;
};

class NameTable {
 public:
  enum class Case : uint8_t { Exact, Ignore };
  NameTable(std::span<const NameEntry> entries, Case match);

  std::span<const NameEntry> entries() const { return entries_; }
  // The canonical name of `nr`, or nullptr.
  const char* name_or_null(uint32_t nr) const;
  // A name's number (aliases included), or nullopt.
  std::optional<uint32_t> by_name(std::string_view name) const;

 private:
  std::span<const NameEntry> entries_;
  Case match_;
  std::vector<const char*> by_number_;  // numbers are small and dense
};

}  // namespace cs
