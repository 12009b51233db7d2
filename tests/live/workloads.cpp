#include "workloads.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/prctl.h>
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

// direct_reads DEV COMM N:KIB:FIRST_KIB:STRIDE_KIB...: as a process named
// COMM, N reads of KIB KiB with O_DIRECT from FIRST_KIB on, STRIDE_KIB
// apart, each waited for (idle_disk.h): one block request a read.
CS_WORKLOAD(direct_reads) {
  if (prctl(PR_SET_NAME, args.at(1).c_str()) != 0) return 2;
  int fd = open(args.at(0).c_str(), O_RDONLY | O_DIRECT | O_CLOEXEC);
  if (fd < 0) return 3;
  int rc = 0;
  for (size_t a = 2; a < args.size() && rc == 0; a++) {
    long n, kib, first, stride;
    if (std::sscanf(args[a].c_str(), "%ld:%ld:%ld:%ld", &n, &kib, &first, &stride) != 4) return 4;
    void* buf = nullptr;
    if (posix_memalign(&buf, 4096, kib * 1024)) return 5;
    for (long i = 0; i < n && rc == 0; i++)
      if (pread(fd, buf, kib * 1024, (first + i * stride) * 1024) != kib * 1024) rc = 6;
    free(buf);
  }
  close(fd);
  return rc;
}

}  // namespace cstest
