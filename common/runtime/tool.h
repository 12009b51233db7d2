// The frame of every tool's main(): tool name, exit status, banner.
//
//   int body(int argc, char** argv) { ... }
//   CS_TOOL_MAIN(body)
//
// CS_TOOL_MAIN registers body under the tool's name and aliases (CS_TOOL_NAME,
// CS_TOOL_ALIASES: add_bpf_tool sets them); main() is tools/main/single.cpp
// in the one-tool binary and tools/main/corescope.cpp in the multi-call one.
#pragma once
#include <string>

#include "common/base/error.h"
#include "common/cli/cli.h"
#include "common/runtime/tool_registry.h"

namespace cs {

// Runs body() and turns Fatal (and any other exception) into a one-line
// message on stderr plus the documented exit status.
int run_main(int argc, char** argv, int (*body)(int, char**));

// Text mode: the banner goes to stdout; with --json or -f it goes to stderr
// so the output stays machine-readable (and tests can still wait for it).
void print_banner(const Common& c, const std::string& text);
// How a "Tracing ..." banner ends: " for 5 secs.\n" with a duration, else
// "... Hit Ctrl-C to end.\n".
std::string banner_end(const Common& c);

}  // namespace cs

#define CS_TOOL_MAIN(body) \
  static const ::cs::ToolRegistration cs_tool_registration(CS_TOOL_NAME, CS_TOOL_ALIASES, body);
