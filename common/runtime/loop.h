// The one wait loop every tool runs: it waits on the event buffer, SIGINT /
// SIGTERM, the interval timer, the -d duration timer and the reader of stdout
// going away, all in one epoll, so Ctrl-C and intervals take effect at once.
#pragma once
#include <functional>

#include "common/cli/cli.h"
#include "common/runtime/events.h"

namespace cs {

// Work a tool does now and then while it traces, between summaries (the
// stack tools take the maps of the processes they have seen, so their frames
// still resolve once those processes exit).
struct Background {
  double seconds = 0;  // 0: none
  std::function<void()> run;
};

// Runs until a signal, the duration, `count` intervals, or a closed stdout.
// `events` may be null (summary tools); `on_summary` runs every c.interval
// seconds when that is set, and once at the end (unless the count just ran it).  Flushes output after each wake-up and
// reports lost events (output/notice.h).
// Returns the exit status (0).
int run_loop(const Common& c, EventStream* events, const std::function<void()>& on_summary = {},
             const Background& background = {});

// Blocks SIGINT/SIGTERM for signalfd.  run_main() calls it first thing, so a
// Ctrl-C during start-up stays pending and ends the tool cleanly.
void block_exit_signals();

}  // namespace cs
