// Runs a test's cs::Cli over arguments as a tool's main() gets them: "tool",
// then args.  parse()'s result: nullopt to go on, else the exit status.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/cli/cli.h"

namespace cstest {

inline std::optional<int> parse_args(cs::Cli& cli, std::vector<std::string> args) {
  std::vector<char*> argv{const_cast<char*>("tool")};
  for (auto& a : args) argv.push_back(a.data());
  return cli.parse(static_cast<int>(argv.size()), argv.data());
}

}  // namespace cstest
