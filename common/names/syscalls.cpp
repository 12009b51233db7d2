#include "common/names/name_table.h"

namespace cs {

namespace {

constexpr NameEntry kTable[] = {
#include "syscall_table.inc"
};

}  // namespace

const NameTable& syscall_names() {
  static const NameTable t(kTable, {.prefix = "sys_", .first = 0, .limit = 1024,
                                    .unknown_before = "[unknown: ", .unknown_after = "]"});
  return t;
}

}  // namespace cs
