// Errors and exit status shared by every tool (docs/ARCHITECTURE.md, "Errors and exit status").
#pragma once
#include <stdexcept>
#include <string>

namespace cs {

enum Exit : int {
  kExitOk = 0,     // ran and ended normally (signal, duration, count, pipe closed)
  kExitFail = 1,   // could not run: privileges, BTF, tracefs, attach point, verifier
  kExitUsage = 2,  // bad usage: unknown flag, bad value, conflicting flags
};

// Thrown anywhere below main(); run_main() (runtime/tool.h) prints "<tool>: <message>" and
// returns the code.  Keeps every tool's main() free of cleanup ladders.
struct Fatal : std::runtime_error {
  int code;
  Fatal(int c, const std::string& msg) : std::runtime_error(msg), code(c) {}
};

// No hook type of the tool can attach on the running kernel (exit 1): a tool
// with a second way of working catches this one, not the message text.
struct NoAttachableHook : Fatal {
  explicit NoAttachableHook(const std::string& msg) : Fatal(kExitFail, msg) {}
};

[[noreturn]] inline void fail(const std::string& msg) { throw Fatal(kExitFail, msg); }
[[noreturn]] inline void usage_error(const std::string& msg) { throw Fatal(kExitUsage, msg); }

// Name the tool was invoked as (basename of argv[0]), used as message prefix.
const std::string& tool_name();
void set_tool_name(const char* argv0);

// Message for a libbpf/system error number: "Operation not permitted" etc.
std::string errno_text(int err);

}  // namespace cs
