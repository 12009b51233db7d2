// The tools linked into a binary, each registered by its CS_TOOL_MAIN: one in
// build/bin/<tool>, all of them in the multi-call binary.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace cs {

using ToolBody = int (*)(int, char**);

struct ToolEntry {
  std::string name;
  std::vector<std::string> aliases;  // further names the same body answers to
  ToolBody body;
};

// A static object of this type registers one tool before main() runs.
// `aliases` is a comma-separated list ("" for none).
struct ToolRegistration {
  ToolRegistration(const char* name, const char* aliases, ToolBody body);
};

// Every registered tool, by name.
const std::vector<ToolEntry>& registered_tools();

// The tool that `name` (a tool's name or an alias) names, or nullptr.
const ToolEntry* find_tool(std::string_view name);

}  // namespace cs
