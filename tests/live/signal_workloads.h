// The processes the sigsnoop and killsnoop tests signal between: a target
// that catches every signal, and a sender that makes one kill-family call.
// The workloads themselves (sigsnoop_target, sigsnoop_send) are defined in
// test_sigsnoop.cpp.
#pragma once
#include <signal.h>
#include <sys/wait.h>

#include <string>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

namespace cstest {

// A target process that ends with the test.
struct SignalTarget {
  std::string name = unique_token("tg");
  pid_t pid = spawn_workload("sigsnoop_target", {name});
  SignalTarget() { wait_comm(pid, name); }
  ~SignalTarget() {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
  SignalTarget(const SignalTarget&) = delete;
  SignalTarget& operator=(const SignalTarget&) = delete;
};

struct Sent {
  std::string name;  // the sender's comm
  pid_t pid;
  int status;        // 0, or the errno of the call
};

// CALL (kill, tkill or tgkill) sends SIG to TO from a sender named NAME.
inline Sent send_signal(const std::string& call, pid_t to, int sig, const std::string& prefix) {
  Sent s{unique_token(prefix), 0, 0};
  s.pid = spawn_workload("sigsnoop_send", {s.name, call, std::to_string(to), std::to_string(sig)});
  s.status = wait_workload(s.pid);
  return s;
}

}  // namespace cstest
