// Comma-separated option values (common/cli/list_text.h): no crash, the
// items join back to the text, and the check refuses exactly the lists that
// hold an empty item.
#include <cstdint>
#include <string>
#include <vector>

#include "common/cli/list_text.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string t(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> items = cs::split_list(t);
  std::string joined;
  bool any_empty = false;
  for (size_t i = 0; i < items.size(); i++) {
    FUZZ_CHECK(items[i].find(',') == std::string::npos);
    any_empty |= items[i].empty();
    if (i) joined += ',';
    joined += items[i];
  }
  FUZZ_CHECK(joined == t);
  std::string why = cs::check_list_text(t);
  FUZZ_CHECK(why.empty() == !any_empty);
  if (!why.empty())
    FUZZ_CHECK(why == (t.empty() ? "empty value" : "empty item in the list '" + t + "'"));
  return 0;
}
