#include "common/output/clock.h"

#include <cstdio>
#include <ctime>

namespace cs {

namespace {
uint64_t now_ns(clockid_t id) {
  timespec ts;
  clock_gettime(id, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + ts.tv_nsec;
}
uint64_t g_start_ns = 0;
}  // namespace

uint64_t monotonic_ns() { return now_ns(CLOCK_MONOTONIC); }

static bool g_utc = false;

void use_utc() { g_utc = true; }

// Offset between the clocks, taken once: events are converted consistently.
static int64_t realtime_of(uint64_t mono_ns) {
  static const int64_t offset =
      static_cast<int64_t>(now_ns(CLOCK_REALTIME)) - static_cast<int64_t>(monotonic_ns());
  return static_cast<int64_t>(mono_ns) + offset;
}

std::string wall_hms(uint64_t mono_ns) {
  time_t secs = static_cast<time_t>(realtime_of(mono_ns) / 1000000000ll);
  // Events come in bursts within one second: format each second once.
  thread_local time_t last_secs = -1;
  thread_local char buf[16];
  if (secs != last_secs) {
    tm t;
    if (g_utc) gmtime_r(&secs, &t);
    else localtime_r(&secs, &t);
    strftime(buf, sizeof buf, "%H:%M:%S", &t);
    last_secs = secs;
  }
  return buf;
}

std::string wall_hms_ms(uint64_t mono_ns) {
  char ms[8];
  std::snprintf(ms, sizeof ms, ".%03d", static_cast<int>(realtime_of(mono_ns) / 1000000 % 1000));
  return wall_hms(mono_ns) + ms;
}

std::string wall_hms_now() { return wall_hms(monotonic_ns()); }

void mark_start() {
  if (!g_start_ns) g_start_ns = monotonic_ns();
}

double seconds_since_start(uint64_t mono_ns) {
  mark_start();
  return mono_ns > g_start_ns ? (mono_ns - g_start_ns) / 1e9 : 0.0;
}

}  // namespace cs
