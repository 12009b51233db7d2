// A workload held at a gate: the test starts it, waits until it says it is
// ready, starts the tool, then opens the gate.  What the workload did while
// starting (exec, dynamic loading) happened before the tool attached, so the
// tool sees only what the workload does after the gate.
//
// The workload side (args: GATE_FD READY_FD, then the test's own):
//
//   CS_WORKLOAD(my_workload) {
//     if (!pass_workload_gate(args)) _exit(1);
//     ...the events to count...
//   }
#pragma once
#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "workloads.h"

namespace cstest {

// In the workload: says it is ready on READY_FD, then waits for one byte (or
// EOF) on GATE_FD.  False when either fails.
inline bool pass_workload_gate(const std::vector<std::string>& args) {
  int gate = std::atoi(args.at(0).c_str()), ready = std::atoi(args.at(1).c_str());
  char c = 'r';
  return write(ready, &c, 1) == 1 && read(gate, &c, 1) >= 0;
}

// A workload that has started and now waits at a gate until open().  Our
// pipe ends are O_CLOEXEC, so closing them also releases the workload.
class GatedWorkload {
 public:
  explicit GatedWorkload(const std::string& name, const std::vector<std::string>& extra = {}) {
    int gate[2], ready[2];
    if (pipe2(gate, O_CLOEXEC) != 0) return;
    if (pipe2(ready, O_CLOEXEC) != 0) return;
    fcntl(gate[0], F_SETFD, 0);  // the workload inherits these two
    fcntl(ready[1], F_SETFD, 0);
    std::vector<std::string> args{std::to_string(gate[0]), std::to_string(ready[1])};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = spawn_workload(name, args);
    close(gate[0]);
    close(ready[1]);
    w_ = gate[1];
    char c;
    ready_ = read(ready[0], &c, 1) == 1;
    close(ready[0]);
  }
  ~GatedWorkload() {
    if (pid_ > 0) wait();
  }
  GatedWorkload(const GatedWorkload&) = delete;
  GatedWorkload& operator=(const GatedWorkload&) = delete;
  pid_t pid() const { return pid_; }
  bool ready() const { return ready_; }
  // Releases the workload.
  void open() {
    if (w_ < 0) return;
    [[maybe_unused]] ssize_t n = write(w_, "x", 1);
    close(w_);
    w_ = -1;
  }
  // Releases the workload and waits for it; returns its exit status.
  int wait() {
    open();
    int rc = wait_workload(pid_);
    pid_ = -1;
    return rc;
  }

 private:
  pid_t pid_ = -1;
  int w_ = -1;
  bool ready_ = false;
};

}  // namespace cstest
