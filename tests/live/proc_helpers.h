// Small helpers the process-event live tests share (exitsnoop, sigsnoop,
// capable, oomkill): workloads that name themselves, waiting until a
// workload is ready, and picking the tool's line for a token apart.
#pragma once
#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"

namespace cstest {

// Gives the calling thread a name (its comm, at most 15 bytes) that the test
// looks for in the tool's output.
inline void set_comm(const std::string& name) {
  prctl(PR_SET_NAME, name.c_str(), 0, 0, 0);
}

// The comm of a thread ("" once it is gone).
inline std::string comm_of(pid_t pid, pid_t tid = 0) {
  std::string path = "/proc/" + std::to_string(pid);
  if (tid) path += "/task/" + std::to_string(tid);
  path += "/comm";
  char buf[64];
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  std::string s(buf, n > 0 ? n : 0);
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// Waits until a workload has named itself `comm`: it names itself once it
// is ready (handlers installed, ...).  False after the timeout.
inline bool wait_comm(pid_t pid, const std::string& comm,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (comm_of(pid) == comm) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// Lines of the tool's stdout that contain `needle` as a whole
// whitespace-separated word.
inline std::vector<std::string> lines_with_word(const ToolProcess& t, const std::string& needle) {
  std::vector<std::string> found;
  for (const std::string& l : t.out_lines()) {
    std::istringstream in(l);
    std::string w;
    while (in >> w)
      if (w == needle) {
        found.push_back(l);
        break;
      }
  }
  return found;
}

inline std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> w;
  std::string s;
  while (in >> s) w.push_back(s);
  return w;
}

// " 1234 ": a number as a whole column, to find it in a line.
inline std::string column(long v) {
  char buf[32];
  snprintf(buf, sizeof buf, " %ld ", v);
  return buf;
}

}  // namespace cstest
