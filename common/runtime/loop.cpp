#include "common/runtime/loop.h"

#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>

#include "common/base/error.h"
#include "common/output/notice.h"
#include "common/output/output.h"

namespace cs {

namespace {

sigset_t exit_signals() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGINT);
  sigaddset(&s, SIGTERM);
  return s;
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

int make_timer(double seconds, bool repeat) {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
  if (fd < 0) fail("timerfd: " + errno_text(errno));
  itimerspec its{};
  double whole;
  double frac = std::modf(seconds, &whole);
  its.it_value.tv_sec = static_cast<time_t>(whole);
  its.it_value.tv_nsec = static_cast<long>(frac * 1e9);
  if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0) its.it_value.tv_nsec = 1;
  if (repeat) its.it_interval = its.it_value;
  timerfd_settime(fd, 0, &its, nullptr);
  return fd;
}

enum Tag : uint32_t { kEvents, kSignal, kInterval, kDuration, kStdout, kBackground };

void watch(int ep, int fd, Tag tag, uint32_t events = EPOLLIN) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u32 = tag;
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);  // stdout on a file/tty may refuse: fine
}

}  // namespace

void block_exit_signals() {
  // A shell starting us in the background (`tool &` in a script) leaves
  // SIGINT ignored, and an ignored signal never reaches the signalfd.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigset_t s = exit_signals();
  sigprocmask(SIG_BLOCK, &s, nullptr);
}

int run_loop(const Common& c, EventStream* events, const std::function<void()>& on_summary,
             const Background& background) {
  block_exit_signals();
  sigset_t s = exit_signals();
  Fd sig(signalfd(-1, &s, SFD_CLOEXEC | SFD_NONBLOCK));
  Fd ep(epoll_create1(EPOLL_CLOEXEC));
  // -i 1 -d 3 is three summaries, as in libbpf-tools: a duration that is a
  // whole number of intervals ends with the last of them, not with one more
  // summary of the few microseconds between the two timers.
  uint64_t count = c.count;
  double duration_s = c.duration;
  if (c.interval > 0 && duration_s > 0) {
    double n = std::round(duration_s / c.interval);
    if (n >= 1 && std::fabs(n * c.interval - duration_s) < 1e-9 * duration_s) {
      if (!count || static_cast<double>(count) > n) count = static_cast<uint64_t>(n);
      duration_s = 0;
    }
  }
  Fd interval(c.interval > 0 ? make_timer(c.interval, true) : -1);
  Fd duration(duration_s > 0 ? make_timer(duration_s, false) : -1);
  Fd bg(background.seconds > 0 && background.run ? make_timer(background.seconds, true) : -1);
  watch(ep.get(), sig.get(), kSignal);
  if (events) watch(ep.get(), events->fd(), kEvents);
  if (interval.get() >= 0) watch(ep.get(), interval.get(), kInterval);
  if (duration.get() >= 0) watch(ep.get(), duration.get(), kDuration);
  if (bg.get() >= 0) watch(ep.get(), bg.get(), kBackground);
  // A pipe's write end reports EPOLLERR once the reader has gone (`| head -1`).
  watch(ep.get(), STDOUT_FILENO, kStdout, 0);

  uint64_t intervals = 0;
  bool done = false, count_reached = false;
  out().flush();
  while (!done && !out().closed()) {
    epoll_event evs[8];
    // The BPF side batches wake-ups (events.bpf.h): poll for the tail of a burst.
    int n = epoll_wait(ep.get(), evs, 8, events ? 50 : -1);
    if (n == 0) events->consume();
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("epoll_wait: " + errno_text(errno));
    }
    for (int i = 0; i < n; i++) {
      switch (evs[i].data.u32) {
        case kEvents:
          events->consume();
          break;
        case kInterval: {
          uint64_t ticks;
          if (read(interval.get(), &ticks, sizeof ticks) < 0) break;
          if (events) events->consume();
          if (on_summary) on_summary();
          if (count && ++intervals >= count) done = count_reached = true;
          break;
        }
        case kBackground: {
          uint64_t ticks;
          if (read(bg.get(), &ticks, sizeof ticks) >= 0) background.run();
          break;
        }
        case kDuration:
        case kSignal:
        case kStdout:
          done = true;
          break;
      }
    }
    out().flush();
  }
  if (events && !out().closed()) events->consume();
  // Ctrl-C or the duration ends the last (partial) interval with a summary,
  // as bcc's tools do; a reached count has just printed its last one.
  if (on_summary && !count_reached && !out().closed()) on_summary();
  if (events && !out().closed())
    if (uint64_t lost = events->lost()) report_lost(lost);
  out().flush();
  return kExitOk;
}

}  // namespace cs
