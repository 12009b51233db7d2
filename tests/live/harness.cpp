#include "harness.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <poll.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace cstest {

using namespace std::chrono;

std::string self_exe() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  buf[n] = 0;
  return buf;
}

std::string bin_dir() {
  if (const char* d = std::getenv("CORESCOPE_BIN_DIR"); d && *d) return d;
  std::string self = self_exe();
  return self.substr(0, self.rfind('/'));
}

std::string tool_path(const std::string& tool) { return bin_dir() + "/" + tool; }

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

bool bpf_usable(std::string* why) {
  if (geteuid() != 0) {
    *why = "not root";
    return false;
  }
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
    *why = "no /sys/kernel/btf/vmlinux";
    return false;
  }
  return true;
}

static void set_nonblock(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

enum class Setup { None, DropPrivileges, NoTracefs, StdoutFull, StdoutClosed };

static pid_t spawn(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                   int* out_fd, int* err_fd, Setup setup) {
  int o[2], e[2];
  if (pipe2(o, O_CLOEXEC) || pipe2(e, O_CLOEXEC)) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    dup2(o[1], 1);
    dup2(e[1], 2);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    // Restore default signal handling the test runner may have changed.
    signal(SIGINT, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    if (setup == Setup::StdoutFull) {
      int full = open("/dev/full", O_WRONLY);
      if (full < 0 || dup2(full, 1) < 0) _exit(126);
    }
    if (setup == Setup::StdoutClosed) close(1);
    for (auto& kv : env) putenv(strdup(kv.c_str()));
    if (setup == Setup::NoTracefs) {
      if (unshare(CLONE_NEWNS) || mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr))
        _exit(126);
      umount2("/sys/kernel/debug/tracing", MNT_DETACH);
      umount2("/sys/kernel/debug", MNT_DETACH);
      umount2("/sys/kernel/tracing", MNT_DETACH);
    }
    if (setup == Setup::DropPrivileges) {
      // Like setpriv --reuid=65534 --regid=65534 --clear-groups: leaving
      // uid 0 clears every capability.
      if (setgroups(0, nullptr) || setresgid(65534, 65534, 65534) ||
          setresuid(65534, 65534, 65534))
        _exit(126);
    }
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(o[1]);
  close(e[1]);
  *out_fd = o[0];
  *err_fd = e[0];
  set_nonblock(o[0]);
  set_nonblock(e[0]);
  return pid;
}

ToolProcess::ToolProcess(const std::string& tool, const std::vector<std::string>& args,
                         const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv{tool_path(tool)};
  argv.insert(argv.end(), args.begin(), args.end());
  for (auto& a : argv) cmd_ += a + " ";
  pid_ = spawn(argv, extra_env, &out_fd_, &err_fd_, Setup::None);
}

ToolProcess::~ToolProcess() {
  if (pid_ > 0 && !reaped_) {
    kill(pid_, SIGKILL);
    reap(true);
  }
  if (out_fd_ >= 0) close(out_fd_);
  if (err_fd_ >= 0) close(err_fd_);
}

void ToolProcess::pump(int timeout_ms) {
  pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
  if (poll(fds, 2, timeout_ms) <= 0) return;
  char buf[65536];
  for (int k = 0; k < 2; k++) {
    int fd = k == 0 ? out_fd_ : err_fd_;
    if (fd < 0) continue;
    while (true) {
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) break;
      (k == 0 ? out_ : err_).append(buf, n);
    }
  }
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

std::string read_small_file(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::string text(65536, '\0');
  ssize_t n = read(fd, text.data(), text.size());
  close(fd);
  text.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return text;
}

bool is_hms(const std::string& s) {
  if (s.size() != 8 || s[2] != ':' || s[5] != ':') return false;
  for (size_t i : {0, 1, 3, 4, 6, 7})
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int hms_lines(const std::string& text) {
  int n = 0;
  for (const std::string& l : lines_of(text)) n += is_hms(l);
  return n;
}

std::string complete_lines(const std::string& text) {
  return text.substr(0, text.rfind('\n') + 1);
}

std::vector<std::string> ToolProcess::out_lines() const { return lines_of(out_); }

bool ToolProcess::reap(bool block) {
  if (reaped_) return true;
  int st;
  pid_t r = waitpid(pid_, &st, block ? 0 : WNOHANG);
  if (r != pid_) return false;
  reaped_ = true;
  exit_.exited = WIFEXITED(st);
  exit_.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  exit_.signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
  return true;
}

bool ToolProcess::running() { return !reap(false); }

bool ToolProcess::wait_until(
    const std::function<bool(const std::string&, const std::string&)>& pred,
    milliseconds timeout) {
  auto deadline = steady_clock::now() + timeout;
  while (steady_clock::now() < deadline) {
    pump(50);
    if (pred(out_, err_)) return true;
    if (!running()) {
      pump(0);
      return pred(out_, err_);
    }
  }
  return false;
}

bool ToolProcess::wait_for_out(const std::string& needle, milliseconds timeout) {
  return wait_until([&](auto& o, auto&) { return o.find(needle) != std::string::npos; }, timeout);
}

bool ToolProcess::wait_for_err(const std::string& needle, milliseconds timeout) {
  return wait_until([&](auto&, auto& e) { return e.find(needle) != std::string::npos; }, timeout);
}

bool ToolProcess::cause_until(
    const std::function<void()>& cause,
    const std::function<bool(const std::string&, const std::string&)>& pred, milliseconds timeout,
    milliseconds every) {
  auto deadline = steady_clock::now() + timeout;
  while (steady_clock::now() < deadline) {
    if (!running()) break;
    cause();
    if (wait_until(pred, every)) return true;
  }
  pump(0);
  return pred(out_, err_);
}

Exit ToolProcess::stop(int sig, milliseconds timeout) {
  if (!reaped_) kill(pid_, sig);
  return wait(timeout);
}

Exit ToolProcess::wait(milliseconds timeout) {
  auto deadline = steady_clock::now() + timeout;
  while (!reap(false)) {
    if (steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      reap(true);
      ADD_FAILURE() << "tool did not exit in time: " << cmd_;
      break;
    }
    pump(20);
  }
  pump(0);
  // Drain what is left in the pipes after exit.
  for (int i = 0; i < 3; i++) pump(10);
  return exit_;
}

void ToolProcess::close_stdout() {
  if (out_fd_ >= 0) close(out_fd_);
  out_fd_ = -1;
}

std::string ToolProcess::describe() const {
  return "command: " + cmd_ + "\n--- stdout ---\n" + out_.substr(0, 4000) +
         "\n--- stderr ---\n" + err_.substr(0, 4000);
}

static RunResult run_impl(const std::vector<std::string>& argv, Setup setup,
                          milliseconds timeout) {
  RunResult r;
  int o, e;
  pid_t pid = spawn(argv, {}, &o, &e, setup);
  auto deadline = steady_clock::now() + timeout;
  int st = 0;
  char buf[65536];
  while (true) {
    pollfd fds[2] = {{o, POLLIN, 0}, {e, POLLIN, 0}};
    poll(fds, 2, 20);
    for (int k = 0; k < 2; k++) {
      ssize_t n;
      while ((n = read(k ? e : o, buf, sizeof buf)) > 0) (k ? r.err : r.out).append(buf, n);
    }
    if (waitpid(pid, &st, WNOHANG) == pid) break;
    if (steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &st, 0);
      ADD_FAILURE() << "timed out: " << argv[0];
      break;
    }
  }
  ssize_t n;
  while ((n = read(o, buf, sizeof buf)) > 0) r.out.append(buf, n);
  while ((n = read(e, buf, sizeof buf)) > 0) r.err.append(buf, n);
  close(o);
  close(e);
  r.exit.exited = WIFEXITED(st);
  r.exit.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  r.exit.signal = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
  return r;
}

RunResult run_tool(const std::string& tool, const std::vector<std::string>& args,
                   milliseconds timeout) {
  std::vector<std::string> argv{tool_path(tool)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_impl(argv, Setup::None, timeout);
}

RunResult run_tool_unprivileged(const std::string& tool, const std::vector<std::string>& args) {
  std::vector<std::string> argv{tool_path(tool)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_impl(argv, Setup::DropPrivileges, seconds(30));
}

RunResult run_tool_with_stdout(const std::string& tool, const std::vector<std::string>& args,
                               BrokenStdout how) {
  std::vector<std::string> argv{tool_path(tool)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_impl(argv, how == BrokenStdout::Full ? Setup::StdoutFull : Setup::StdoutClosed,
                  seconds(30));
}

RunResult run_tool_without_tracefs(const std::string& tool, const std::vector<std::string>& args) {
  std::vector<std::string> argv{tool_path(tool)};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_impl(argv, Setup::NoTracefs, seconds(30));
}

void expect_usage_errors(const std::string& tool,
                         const std::vector<std::vector<std::string>>& cases) {
  for (const auto& args : cases) {
    std::string joined;
    for (auto& a : args) joined += a + " ";
    SCOPED_TRACE(tool + " " + joined);
    RunResult r = run_tool(tool, args);
    EXPECT_TRUE(r.exit.exited && r.exit.code == 2) << "exit " << r.exit.code << ": " << r.err;
    EXPECT_EQ(r.err.rfind(tool + ": ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
}

void expect_bad_interval_args(const std::string& tool) {
  expect_usage_errors(tool, {{"0"}, {"abc"}, {"1", "0"}, {"1", "2", "3"}});
}

void expect_unprivileged_refusal(const std::string& tool, const std::vector<std::string>& args) {
  RunResult r = run_tool_unprivileged(tool, args);
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << "exit " << r.exit.code << ": " << r.err;
  EXPECT_EQ(r.err.rfind(tool + ": ", 0), 0u) << r.err;
  // Exactly what the tool needs: CAP_BPF and CAP_PERFMON on this kernel
  // (uprobe tools add CAP_SYS_ADMIN); CAP_SYS_RESOURCE only for old kernels.
  EXPECT_NE(r.err.find("CAP_BPF"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("CAP_PERFMON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("before 5.11 also need CAP_SYS_RESOURCE"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line expected: " << r.err;
}

void expect_tracefs_hint(const std::string& tool, const std::vector<std::string>& args) {
  std::vector<std::string> all{"--attach", "tracepoint"};
  all.insert(all.end(), args.begin(), args.end());
  RunResult r = run_tool_without_tracefs(tool, all);
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << "exit " << r.exit.code << ": " << r.err;
  EXPECT_NE(r.err.find("mount -t tracefs tracefs /sys/kernel/tracing"), std::string::npos)
      << r.err;
}

bool ensure_tracefs() {
  if (access("/sys/kernel/tracing/events", F_OK) == 0 ||
      access("/sys/kernel/debug/tracing/events", F_OK) == 0)
    return true;
  return mount("tracefs", "/sys/kernel/tracing", "tracefs", 0, nullptr) == 0;
}

std::vector<JsonValue> parse_json_lines(const std::string& text) {
  std::vector<JsonValue> r;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    n++;
    if (line.empty()) continue;
    std::string err;
    auto v = parse_json(line, &err);
    if (!v || v->kind != JsonValue::Object) {
      ADD_FAILURE() << "line " << n << " is not a JSON object (" << err << "): " << line;
      continue;
    }
    r.push_back(*v);
  }
  return r;
}

std::vector<JsonValue> json_events(const std::string& text) {
  std::vector<JsonValue> r;
  for (auto& j : parse_json_lines(text)) {
    if (!j.has("type") || j["type"].kind != JsonValue::String) {
      ADD_FAILURE() << "JSON line without a type";
      continue;
    }
    if (j["type"].str == "event") r.push_back(j);
  }
  return r;
}

std::string unique_token(const std::string& prefix) {
  static std::mt19937_64 rng(std::random_device{}() ^ getpid());
  char buf[32];
  snprintf(buf, sizeof buf, "%s%07llx", prefix.c_str(),
           static_cast<unsigned long long>(rng() & 0xFFFFFFF));
  return buf;
}

}  // namespace cstest
