#include "common/runtime/tool_registry.h"

#include <algorithm>

#include "common/cli/list_text.h"

namespace cs {

namespace {

// A function's static: registrations run from other files' static
// initializers, in no set order.
std::vector<ToolEntry>& registry() {
  static std::vector<ToolEntry> tools;
  return tools;
}

}  // namespace

ToolRegistration::ToolRegistration(const char* name, const char* aliases, ToolBody body) {
  std::vector<ToolEntry>& tools = registry();
  ToolEntry entry{name, *aliases ? split_list(aliases) : std::vector<std::string>{}, body};
  auto at = std::lower_bound(tools.begin(), tools.end(), entry.name,
                             [](const ToolEntry& t, const std::string& n) { return t.name < n; });
  tools.insert(at, std::move(entry));
}

const std::vector<ToolEntry>& registered_tools() { return registry(); }

const ToolEntry* find_tool(std::string_view name) {
  for (const ToolEntry& t : registry()) {
    if (t.name == name) return &t;
    if (std::find(t.aliases.begin(), t.aliases.end(), name) != t.aliases.end()) return &t;
  }
  return nullptr;
}

}  // namespace cs
