// The --attach matrix of the tools whose hooks are scheduler, irq or
// workqueue tracepoints: each mode the kernel offers runs and says which
// programs it loaded; a mode it does not offer fails with the attach error,
// exit 1.  A test passes only what it does with its tool while it runs.
#pragma once
#include <signal.h>

#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness.h"

namespace cstest {

using OutputPred = std::function<bool(const std::string& out, const std::string& err)>;

struct AttachSteps {
  std::vector<std::string> args;  // after --attach MODE -v
  OutputPred ready;               // the tool is up (or has already seen the event)
  std::function<void(ToolProcess&)> running;  // causes and checks events; may be empty
  std::function<void(ToolProcess&)> stopped;  // checks the whole output; may be empty
};

// The programs `--attach mode` loads where the hooks are tracepoints.
inline const char* tracepoint_tier(const std::string& mode) {
  return mode == "fentry" ? "tp_btf" : mode == "raw" ? "raw_tp" : "tracepoint";
}

inline void each_attach_mode(const std::string& tool, const AttachSteps& steps) {
  const std::string refused = "cannot attach on this kernel";
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    std::vector<std::string> args{"--attach", mode, "-v"};
    args.insert(args.end(), steps.args.begin(), steps.args.end());
    ToolProcess t(tool, args);
    bool up = t.wait_until([&](const std::string& o, const std::string& e) {
      return steps.ready(o, e) || e.find(refused) != std::string::npos;
    });
    if (t.err().find(refused) != std::string::npos) {
      Exit e = t.wait();
      EXPECT_TRUE(e.exited && e.code == 1) << t.describe();
      std::cout << "[ SKIPPED  ] --attach " << mode << ": " << t.err();
      continue;
    }
    ASSERT_TRUE(up) << t.describe();
    if (steps.running) steps.running(t);
    if (::testing::Test::HasFatalFailure()) return;
    Exit e = t.stop(SIGINT);
    EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
    EXPECT_NE(t.err().find(std::string("using ") + tracepoint_tier(mode) + " programs"),
              std::string::npos)
        << t.describe();
    if (steps.stopped) steps.stopped(t);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

}  // namespace cstest
