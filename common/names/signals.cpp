#include "common/names/signals.h"

#include <signal.h>

#include <cctype>
#include <charconv>

namespace cs {

namespace {

struct SignalInfo {
  int number;
  const char* name;
  const char* text;  // strsignal(3)'s English description
};

// Numbers come from <signal.h>; each name is its macro's own spelling, so a
// row cannot pair a name with the wrong number.
#define CS_SIGNAL(macro, text) {macro, #macro, text}
const SignalInfo kSignals[] = {
    CS_SIGNAL(SIGHUP, "Hangup"),
    CS_SIGNAL(SIGINT, "Interrupt"),
    CS_SIGNAL(SIGQUIT, "Quit"),
    CS_SIGNAL(SIGILL, "Illegal instruction"),
    CS_SIGNAL(SIGTRAP, "Trace/breakpoint trap"),
    CS_SIGNAL(SIGABRT, "Aborted"),
    CS_SIGNAL(SIGBUS, "Bus error"),
    CS_SIGNAL(SIGFPE, "Floating point exception"),
    CS_SIGNAL(SIGKILL, "Killed"),
    CS_SIGNAL(SIGUSR1, "User defined signal 1"),
    CS_SIGNAL(SIGSEGV, "Segmentation fault"),
    CS_SIGNAL(SIGUSR2, "User defined signal 2"),
    CS_SIGNAL(SIGPIPE, "Broken pipe"),
    CS_SIGNAL(SIGALRM, "Alarm clock"),
    CS_SIGNAL(SIGTERM, "Terminated"),
    CS_SIGNAL(SIGSTKFLT, "Stack fault"),
    CS_SIGNAL(SIGCHLD, "Child exited"),
    CS_SIGNAL(SIGCONT, "Continued"),
    CS_SIGNAL(SIGSTOP, "Stopped (signal)"),
    CS_SIGNAL(SIGTSTP, "Stopped"),
    CS_SIGNAL(SIGTTIN, "Stopped (tty input)"),
    CS_SIGNAL(SIGTTOU, "Stopped (tty output)"),
    CS_SIGNAL(SIGURG, "Urgent I/O condition"),
    CS_SIGNAL(SIGXCPU, "CPU time limit exceeded"),
    CS_SIGNAL(SIGXFSZ, "File size limit exceeded"),
    CS_SIGNAL(SIGVTALRM, "Virtual timer expired"),
    CS_SIGNAL(SIGPROF, "Profiling timer expired"),
    CS_SIGNAL(SIGWINCH, "Window changed"),
    CS_SIGNAL(SIGIO, "I/O possible"),
    CS_SIGNAL(SIGPWR, "Power failure"),
    CS_SIGNAL(SIGSYS, "Bad system call"),
};
const SignalInfo kAliases[] = {
    CS_SIGNAL(SIGIOT, ""),
    CS_SIGNAL(SIGPOLL, ""),
    {SIGCHLD, "SIGCLD", ""},
};
#undef CS_SIGNAL

// The C library keeps kernel signals 32 and 33 for itself; user-visible
// real-time signals run from 34 (SIGRTMIN) to 64 (SIGRTMAX), as glibc, bash's
// `kill -l` and strsignal() number them.
constexpr int kRtMin = 34;
constexpr int kRtMax = kMaxSignal;

const SignalInfo* find(int sig) {
  for (const SignalInfo& s : kSignals)
    if (s.number == sig) return &s;
  return nullptr;
}

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); i++)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

std::optional<int> parse_number(std::string_view s) {
  int v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// "RTMIN", "RTMIN+3", "RTMAX", "RTMAX-2" (already without "SIG").
std::optional<int> parse_realtime(std::string_view s) {
  int base, sign;
  if (s.size() >= 5 && iequal(s.substr(0, 5), "RTMIN")) {
    base = kRtMin;
    sign = 1;
  } else if (s.size() >= 5 && iequal(s.substr(0, 5), "RTMAX")) {
    base = kRtMax;
    sign = -1;
  } else {
    return std::nullopt;
  }
  s.remove_prefix(5);
  if (s.empty()) return base;
  if (s[0] != (sign > 0 ? '+' : '-')) return std::nullopt;
  auto n = parse_number(s.substr(1));
  if (!n || *n < 0) return std::nullopt;
  int sig = base + sign * *n;
  if (sig < kRtMin || sig > kRtMax) return std::nullopt;
  return sig;
}

}  // namespace

std::string signal_name(int sig) {
  if (const SignalInfo* s = find(sig)) return s->name;
  if (sig == kRtMin) return "SIGRTMIN";
  if (sig == kRtMax) return "SIGRTMAX";
  if (sig > kRtMin && sig < kRtMax) {
    // Like `kill -l`: the lower half counts up from SIGRTMIN, the rest down from SIGRTMAX.
    if (sig - kRtMin <= (kRtMax - kRtMin) / 2) return "SIGRTMIN+" + std::to_string(sig - kRtMin);
    return "SIGRTMAX-" + std::to_string(kRtMax - sig);
  }
  if (sig > 0 && sig < kRtMin) return "SIG" + std::to_string(sig);
  return std::to_string(sig);
}

std::string signal_description(int sig) {
  if (const SignalInfo* s = find(sig)) return s->text;
  if (sig >= kRtMin && sig <= kRtMax) return "Real-time signal " + std::to_string(sig - kRtMin);
  return "Unknown signal " + std::to_string(sig);
}

std::optional<int> parse_signal(std::string_view text) {
  if (auto n = parse_number(text)) {
    if (*n < 0 || *n > kMaxSignal) return std::nullopt;
    return n;
  }
  std::string_view bare = text;
  if (bare.size() > 3 && iequal(bare.substr(0, 3), "SIG")) bare.remove_prefix(3);
  for (const SignalInfo& s : kSignals)
    if (iequal(bare, std::string_view(s.name).substr(3))) return s.number;
  for (const SignalInfo& s : kAliases)
    if (iequal(bare, std::string_view(s.name).substr(3))) return s.number;
  if (auto rt = parse_realtime(bare)) return rt;
  // "SIG32" / "SIG33", as signal_name() prints them.
  if (bare.size() < text.size())
    if (auto n = parse_number(bare); n && *n > 0 && *n <= kMaxSignal) return n;
  return std::nullopt;
}

}  // namespace cs
