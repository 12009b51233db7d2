// Top-style tools (biotop, filetop, dirtop, cachetop): one screen per
// interval, the heaviest rows first.  libbpf-tools' layout: the time and
// /proc/loadavg, a blank line, the column header (also over no rows), the
// rows, a blank line.  On a terminal each screen replaces the last one unless
// -C keeps the scrollback; piped, the screens follow one another as plain
// blocks.  JSON: one "table" object per interval.
//
//   cs::TopOptions top;
//   cs::top_flags(cli, top, {"all", "reads", "writes"});
//   ...
//   cs::TableReport t(rec);            // rows sorted by top.sort
//   cs::show_top(t, top);
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/cli/cli.h"
#include "common/output/report.h"

namespace cs {

struct TopOptions {
  bool noclear = false;  // -C
  uint32_t rows = 20;    // -r
  std::string sort;      // -s: one of the tool's keys, the first by default
};

// -C/--noclear, -r/--rows ROWS, -s/--sort KEY (sort_keys; the first is the
// default) and positional [interval] [count], the interval 1 s unless given.
Cli& top_flags(Cli& cli, TopOptions& o, const std::vector<std::string>& sort_keys,
               uint32_t default_rows = 20);

// "HH:MM:SS loadavg: 0.10 0.20 0.30 2/170 31902\n" (nothing when /proc/loadavg
// cannot be read).
std::string loadavg_line();

// Prints one interval: keeps the first o.rows rows of t, sets its time, puts
// the loadavg line (after a screen clear on a terminal, without -C) before it
// and a blank line after, and hands it to cs::sink().
void show_top(TableReport& t, const TopOptions& o);
// The same on a given sink and its output (tests).
class Sink;
class Output;
void show_top(TableReport& t, const TopOptions& o, Sink& sink, Output& out, bool terminal);

}  // namespace cs
