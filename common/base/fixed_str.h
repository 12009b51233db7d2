// The kernel's fixed-size strings (comm, names in map keys): NUL-terminated
// when shorter than the array, not when they fill it.  A view of the bytes
// before the first NUL, never past the array.
#pragma once
#include <cstddef>
#include <cstring>
#include <string_view>

namespace cs {

template <size_t N>
std::string_view fixed_str(const char (&s)[N]) {
  return std::string_view(s, strnlen(s, N));
}

}  // namespace cs
