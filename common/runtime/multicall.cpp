#include "common/runtime/multicall.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"
#include "common/cli/bash_completion.h"
#include "common/cli/cli_spec.h"
#include "common/output/escape.h"
#include "common/runtime/tool.h"
#include "common/runtime/tool_registry.h"
#include "version.h"

namespace cs {

namespace {

std::string_view last_part(const char* path) {
  const char* slash = std::strrchr(path, '/');
  return slash ? slash + 1 : path;
}

// The tool's own Cli definition: its body runs up to Cli::parse(), which
// hands back the spec instead of parsing (cli_spec.h).
CliSpec spec_of(const std::string& name, ToolBody body) {
  std::string front = tool_name();
  set_tool_name(name.c_str());  // sigsnoop describes itself as killsnoop by name
  CliSpec spec;
  capture_cli_spec(&spec);
  std::vector<char> arg0(name.begin(), name.end());
  arg0.push_back('\0');
  char* argv[] = {arg0.data(), nullptr};
  body(1, argv);
  capture_cli_spec(nullptr);
  set_tool_name(front.c_str());
  return spec;
}

// Every command the binary answers to, tools and aliases, by name.
std::vector<NamedCli> commands() {
  std::vector<NamedCli> all;
  for (const ToolEntry& t : registered_tools()) {
    all.push_back({t.name, spec_of(t.name, t.body)});
    for (const std::string& a : t.aliases) all.push_back({a, spec_of(a, t.body)});
  }
  std::sort(all.begin(), all.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return all;
}

int finish_stdout() {
  if (std::fflush(stdout) == 0) return kExitOk;
  std::fprintf(stderr, "%s: cannot write to standard output: %s\n", tool_name().c_str(),
               std::strerror(errno));
  return kExitFail;
}

int list() {
  for (const NamedCli& c : commands())
    std::printf("%-14s %s\n", c.name.c_str(), c.spec.description.c_str());
  return finish_stdout();
}

const std::vector<std::string> kFrontOptions = {"--list", "--help", "--version"};

int help() {
  const std::string me = tool_name();
  std::printf(
      "Usage: %s TOOL [ARGS...]\n"
      "       TOOL [ARGS...]    (%s installed or linked under the tool's name)\n"
      "\n"
      "CO-RE eBPF tracing tools in one static binary.  TOOL --help shows a tool's options.\n"
      "\n"
      "  -l, --list      List the tools, one line each\n"
      "  -h, --help      Print this help and exit\n"
      "  -V, --version   Print the version and exit\n"
      "\n"
      "TOOLS:\n",
      me.c_str(), me.c_str());
  std::fflush(stdout);
  return list();
}

int front_usage_error(const std::string& why) {
  std::fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", tool_name().c_str(),
               text_escaped(why).c_str(), tool_name().c_str());
  return kExitUsage;
}

}  // namespace

int multicall_main(int argc, char** argv) {
  if (argc > 0) {
    if (const ToolEntry* t = find_tool(last_part(argv[0]))) return run_main(argc, argv, t->body);
    set_tool_name(argv[0]);
  }
  if (argc < 2) return front_usage_error("no tool given");
  std::string_view arg = argv[1];
  if (const ToolEntry* t = find_tool(arg)) return run_main(argc - 1, argv + 1, t->body);
  if (argc > 2 && arg.starts_with("-")) return front_usage_error("too many arguments");
  if (arg == "-l" || arg == "--list") return list();
  if (arg == "-h" || arg == "--help") return help();
  if (arg == "-V" || arg == "--version") {
    std::printf("%s %s\n", tool_name().c_str(), CORESCOPE_VERSION);
    return finish_stdout();
  }
  if (arg == "--bash-completion") {
    std::fputs(bash_completion(tool_name(), kFrontOptions, commands()).c_str(), stdout);
    return finish_stdout();
  }
  if (arg.starts_with("-")) return front_usage_error("unknown option " + std::string(arg));
  return front_usage_error("unknown tool " + std::string(arg) + " (" + tool_name() + " --list lists them)");
}

}  // namespace cs
