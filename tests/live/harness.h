// Live-test harness: runs a corescope tool as a child process, collects its
// stdout/stderr, and lets a test cause events and look for them.
//
// The live tests are one static binary so they can run unchanged inside a
// minimal VM (busybox + our static binaries).  Tools are found in
// $CORESCOPE_BIN_DIR, else next to this binary.  Workloads are this binary
// re-executed with --workload NAME (see workloads.h).
#pragma once
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "json_value.h"

namespace cstest {

std::string bin_dir();
std::string tool_path(const std::string& tool);
std::string self_exe();

// Skips the test when BPF cannot run here (not root, no BTF); with CI=true it
// fails instead, so CI can never pass by skipping.
#define CS_REQUIRE_BPF()                                          \
  do {                                                            \
    std::string why_;                                             \
    if (!::cstest::bpf_usable(&why_)) {                           \
      if (::cstest::in_ci()) FAIL() << "BPF unavailable: " << why_; \
      GTEST_SKIP() << "BPF unavailable: " << why_;                \
    }                                                             \
  } while (0)
bool bpf_usable(std::string* why);
bool in_ci();

struct Exit {
  bool exited = false;  // false: killed by a signal (or still running at timeout)
  int code = -1;        // exit status when exited
  int signal = 0;
};

class ToolProcess {
 public:
  // Starts tools/<tool> with args; stdin is /dev/null.
  ToolProcess(const std::string& tool, const std::vector<std::string>& args,
              const std::vector<std::string>& extra_env = {});
  ~ToolProcess();
  ToolProcess(const ToolProcess&) = delete;
  ToolProcess& operator=(const ToolProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Reads whatever output is waiting (non-blocking) into out()/err().
  void pump(int timeout_ms = 0);
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  std::vector<std::string> out_lines() const;

  // Waits until pred(out(), err()) holds, pumping output; false on timeout or
  // when the tool exits first.
  bool wait_until(const std::function<bool(const std::string&, const std::string&)>& pred,
                  std::chrono::milliseconds timeout = std::chrono::seconds(20));
  bool wait_for_out(const std::string& needle,
                    std::chrono::milliseconds timeout = std::chrono::seconds(20));
  bool wait_for_err(const std::string& needle,
                    std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Repeats cause() every `every` until pred holds: the way to know a tool is
  // attached without relying on a banner.
  bool cause_until(const std::function<void()>& cause,
                   const std::function<bool(const std::string&, const std::string&)>& pred,
                   std::chrono::milliseconds timeout = std::chrono::seconds(20),
                   std::chrono::milliseconds every = std::chrono::milliseconds(200));

  // Sends sig and waits (pumping output) for the exit; SIGKILL after timeout.
  Exit stop(int sig = 2 /* SIGINT */, std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Waits for the tool to exit by itself.
  Exit wait(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool running();
  // Closes our end of the tool's stdout pipe (a reader that went away).
  void close_stdout();

  // Human-readable dump for assertion messages.
  std::string describe() const;

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  std::string out_, err_, cmd_;
  Exit exit_;
  bool reaped_ = false;
  bool reap(bool block);
};

// Runs a tool to completion (e.g. bad flags) and returns exit + output.
struct RunResult {
  Exit exit;
  std::string out, err;
};
RunResult run_tool(const std::string& tool, const std::vector<std::string>& args,
                   std::chrono::milliseconds timeout = std::chrono::seconds(30));

// The lines of a tool's output (or any text), without their newlines.
std::vector<std::string> lines_of(const std::string& text);
// The text up to and with its last newline: the output of a running tool
// may have been read mid-line.
std::string complete_lines(const std::string& text);
// The text of a small file such as one under /proc (its first 64 KiB; ""
// when it cannot be read).
std::string read_small_file(const std::string& path);

// Is the text HH:MM:SS?
bool is_hms(const std::string& s);
// How many lines of text are a time stamp HH:MM:SS (one an interval, with -T).
int hms_lines(const std::string& text);

// Every non-empty line parses as a JSON object; returns them.  Adds a gtest
// failure naming the first bad line otherwise.
std::vector<JsonValue> parse_json_lines(const std::string& text);

// The lines of type "event" only: a "lost" or "warning" notice may stand
// among them under load.  Adds a failure for a line that has no type.
std::vector<JsonValue> json_events(const std::string& text);

// Unique token for this test run, e.g. "cs7f3a2b1", safe in paths and comms.
std::string unique_token(const std::string& prefix = "cs");

// Runs a tool as the unprivileged user nobody with no capabilities, as
// `setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all` would.
RunResult run_tool_unprivileged(const std::string& tool, const std::vector<std::string>& args);

// Runs a tool whose stdout is /dev/full (every write fails with ENOSPC) or
// closed from the start.
enum class BrokenStdout { Full, Closed };
RunResult run_tool_with_stdout(const std::string& tool, const std::vector<std::string>& args,
                               BrokenStdout how);

// Runs a tool in a private mount namespace where tracefs (and debugfs) are
// unmounted, to check the message a user without tracefs gets.
RunResult run_tool_without_tracefs(const std::string& tool, const std::vector<std::string>& args);

// Mounts tracefs at /sys/kernel/tracing unless it is there; false on failure.
bool ensure_tracefs();

// The error checks every tool shares:
// each argument list is bad usage: exit 2, "<tool>: ..." on stderr, no output.
void expect_usage_errors(const std::string& tool,
                         const std::vector<std::vector<std::string>>& cases);
// A tool of [interval [count]]: a zero, a word, a zero count, a third
// argument are each bad usage.
void expect_bad_interval_args(const std::string& tool);
// Run unprivileged: exit 1 with one line "<tool>: ..." naming the capabilities.
void expect_unprivileged_refusal(const std::string& tool, const std::vector<std::string>& args = {});
// Forced onto tracepoints with tracefs unmounted: exit 1 and the mount command.
void expect_tracefs_hint(const std::string& tool, const std::vector<std::string>& args = {});

}  // namespace cstest
