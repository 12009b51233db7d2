// What a tool's command line accepts, read from its own Cli definition: the
// multi-call binary lists tools and writes the bash completion from it, so
// neither can drift from --help.
#pragma once
#include <string>
#include <vector>

namespace cs {

struct OptionSpec {
  enum class Value { None, Any, File, Directory };
  std::vector<std::string> names;    // "-p", "--pid"
  Value value = Value::None;         // what follows the option, if anything
  std::vector<std::string> choices;  // the values it takes, when it lists them
};

struct CliSpec {
  std::string description;
  std::vector<OptionSpec> options;  // positionals left out
};

// While a spec is set, Cli::parse() fills it in and returns 0 at once (the
// tool stops before it does anything); nullptr: parse as usual.
void capture_cli_spec(CliSpec* spec);
CliSpec* captured_cli_spec();

}  // namespace cs
