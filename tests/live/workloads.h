// Workloads the live tests cause events with.  The test binary re-executes
// itself as `corescope-live-tests --workload NAME ARGS...`, so a VM needs no
// other programs.  Any test file can add one:
//
//   CS_WORKLOAD(open_path) {            // args: PATH
//     return open(args.at(0).c_str(), O_RDONLY) < 0 ? 1 : 0;
//   }
#pragma once
#include <sys/types.h>

#include <string>
#include <vector>

namespace cstest {

using WorkloadFn = int (*)(const std::vector<std::string>& args);
bool register_workload(const char* name, WorkloadFn fn);
// Runs the named workload in this process (from main); returns its status.
int run_workload_main(int argc, char** argv);

// Fork+exec of this binary as a workload; returns the child's pid.
pid_t spawn_workload(const std::string& name, const std::vector<std::string>& args);
// Same, waiting for it; returns the exit status (or -1).
int run_workload(const std::string& name, const std::vector<std::string>& args);
// Waits for a spawned workload.
int wait_workload(pid_t pid);

}  // namespace cstest

#define CS_WORKLOAD(name)                                                        \
  static int cs_workload_##name(const std::vector<std::string>& args);            \
  static const bool cs_workload_reg_##name =                                      \
      ::cstest::register_workload(#name, cs_workload_##name);                     \
  static int cs_workload_##name([[maybe_unused]] const std::vector<std::string>& args)
