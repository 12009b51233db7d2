#include "common/names/name_table.h"

namespace cs {

namespace {

// Canonical names first, in header order, then aliases.
constexpr NameEntry kTable[] = {
#include "errno_table.inc"
};

}  // namespace

const NameTable& errno_names() {
  static const NameTable t(kTable, {.ignore_case = true, .first = 1, .limit = 4096});
  return t;
}

}  // namespace cs
