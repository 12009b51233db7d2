#include "workloads.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <map>

#include "harness.h"

namespace cstest {

static std::map<std::string, WorkloadFn>& registry() {
  static std::map<std::string, WorkloadFn> r;
  return r;
}

bool register_workload(const char* name, WorkloadFn fn) {
  registry()[name] = fn;
  return true;
}

int run_workload_main(int argc, char** argv) {
  // argv: self --workload NAME ARGS...
  auto it = registry().find(argv[2]);
  if (it == registry().end()) {
    std::fprintf(stderr, "unknown workload %s\n", argv[2]);
    return 127;
  }
  return it->second(std::vector<std::string>(argv + 3, argv + argc));
}

pid_t spawn_workload(const std::string& name, const std::vector<std::string>& args) {
  std::string self = self_exe();
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<std::string> all{self, "--workload", name};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(self.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

int wait_workload(pid_t pid) {
  int st;
  if (waitpid(pid, &st, 0) != pid) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int run_workload(const std::string& name, const std::vector<std::string>& args) {
  return wait_workload(spawn_workload(name, args));
}

// Exits at once: the exec itself is the event (execsnoop).
CS_WORKLOAD(noop) { return 0; }

}  // namespace cstest
