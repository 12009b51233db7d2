#include "common/names/capabilities.h"

#include <linux/capability.h>

#include "common/names/name_table.h"

namespace cs {

namespace {

constexpr NameEntry kTable[] = {
#include "capability_table.inc"
};

}  // namespace

std::string capability_name(int cap) {
  static const NameTable t(kTable, {});
  const char* n = cap >= 0 ? t.name_or_null(static_cast<uint32_t>(cap)) : nullptr;
  return n ? n : "?";
}

int last_capability() { return CAP_LAST_CAP; }

}  // namespace cs
