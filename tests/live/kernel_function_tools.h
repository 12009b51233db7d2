// What the live tests of the tools that need kernel function hooks
// (vfscount: kprobes; dcstat, dcsnoop: fentry or kprobes) share: where the
// kernel has neither, the tool's one line (exit 1) is the test, marked for
// the kernel matrix.
#pragma once
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "harness.h"

namespace cstest {

// Runs `tool args`; when it refuses with exactly `line` (exit 1), prints the
// matrix mark and returns true: the caller's test is done.
inline bool refuses_here(const std::string& tool, const std::vector<std::string>& args,
                         const std::string& line) {
  RunResult r = run_tool(tool, args);
  if (!(r.exit.exited && r.exit.code == 1)) return false;
  EXPECT_EQ(r.err, tool + ": " + line + "\n");
  EXPECT_EQ(r.out, "");
  std::printf("CS-EXPECTED-ERROR: %s", r.err.c_str());  // the VM matrix marks the cell
  return true;
}

}  // namespace cstest
