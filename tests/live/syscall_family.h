// What the live tests of the syscall-family tools (statsnoop, syncsnoop,
// mountsnoop) share: a workload held at a gate runs its calls once the tool
// traces its pid, and the test reads the lines the tool printed for it.
#pragma once
#include <signal.h>

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "gated_workload.h"
#include "harness.h"
#include "workloads.h"

namespace cstest {

// Runs the gated workload `name` (args after the gate: extra) under
// `tool args... -p PID`: once `ready` shows the gate opens, and the tool
// stops after the workload has exited and `last` has shown.  Returns the
// lines after the first one (the header), or fails the test.
inline std::vector<std::string> gated_lines(const std::string& tool, std::vector<std::string> args,
                                            const std::string& name,
                                            const std::vector<std::string>& extra,
                                            const std::string& ready, const std::string& last,
                                            pid_t* pid = nullptr, int* status = nullptr) {
  GatedWorkload w(name, extra);
  EXPECT_TRUE(w.ready());
  if (pid) *pid = w.pid();
  args.insert(args.end(), {"-p", std::to_string(w.pid())});
  ToolProcess t(tool, args);
  if (!t.wait_for_out(ready)) {
    ADD_FAILURE() << t.describe();
    return {};
  }
  int st = w.wait();
  if (status) *status = st;
  bool seen = t.wait_for_out(last);
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(seen) << "no line with " << last << "\n" << t.describe();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  std::vector<std::string> lines = lines_of(complete_lines(t.out()));
  if (!lines.empty()) lines.erase(lines.begin());
  return lines;
}

// Repeats the workload until the tool prints `needle`, then runs it once
// more (the tool is surely attached by then) and returns that run's pid.
inline pid_t run_when_attached(ToolProcess& t, const std::string& name,
                               const std::vector<std::string>& args, const std::string& needle) {
  bool up = t.cause_until([&] { run_workload(name, args); },
                          [&](const std::string& o, const std::string&) {
                            return o.find(needle) != std::string::npos;
                          });
  EXPECT_TRUE(up) << t.describe();
  if (!up) return -1;
  pid_t pid = spawn_workload(name, args);
  wait_workload(pid);
  return pid;
}

}  // namespace cstest
