// The bash completion script of the multi-call binary and its tools, written
// from each tool's CliSpec (so it offers exactly what --help lists).
#pragma once
#include <string>
#include <vector>

#include "common/cli/cli_spec.h"

namespace cs {

struct NamedCli {
  std::string name;  // a tool's name or alias: a command of its own
  CliSpec spec;
};

// Completes each tool's name as a command and `front TOOL` alike: options,
// the choices of enumerated ones, files and directories where a path goes.
// `front_words` are the front's own options (--list, ...).
std::string bash_completion(const std::string& front, const std::vector<std::string>& front_words,
                            const std::vector<NamedCli>& tools);

}  // namespace cs
