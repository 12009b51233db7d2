#include "common/summaries/top.h"

#include <unistd.h>

#include <cstdio>

#include "common/output/clock.h"
#include "common/output/output.h"
#include "common/output/sink.h"

namespace cs {

Cli& top_flags(Cli& cli, TopOptions& o, const std::vector<std::string>& sort_keys,
               uint32_t default_rows) {
  o.rows = default_rows;
  if (!sort_keys.empty()) o.sort = sort_keys.front();
  Common& c = cli.common();
  c.interval = 1;  // the peers refresh every second by default
  cli.flag("-C,--noclear", o.noclear, "Don't clear the screen")
      .option("-r,--rows", o.rows,
              "Maximum rows to print (default " + std::to_string(default_rows) + ")", 1,
              UINT32_MAX, "ROWS");
  if (!sort_keys.empty())
    cli.choice("-s,--sort", o.sort, sort_keys, "Sort column (default " + sort_keys.front() + ")");
  return cli.interval_count();
}

std::string loadavg_line() {
  FILE* f = std::fopen("/proc/loadavg", "re");
  if (!f) return {};
  char buf[256];
  size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  if (!n) return {};
  std::string line = wall_hms_now() + " loadavg: ";
  line.append(buf, n);
  if (line.back() != '\n') line += '\n';
  return line;
}

void show_top(TableReport& t, const TopOptions& o) {
  static const bool terminal = isatty(STDOUT_FILENO);
  show_top(t, o, sink(), out(), terminal);
}

void show_top(TableReport& t, const TopOptions& o, Sink& sink, Output& out, bool terminal) {
  if (t.rows.size() > o.rows) t.rows.erase(t.rows.begin() + o.rows, t.rows.end());
  t.time = wall_hms_now();
  t.header_if_empty = true;
  // The escape homes the cursor and erases the screen; it leaves the
  // scrollback alone, as clear(1) with -x does.
  if (!sink.json() && terminal && !o.noclear) out.put("\033[H\033[2J");
  t.text_before = loadavg_line() + "\n" + t.text_before;
  t.text_after += "\n";
  sink.table(t);
}

}  // namespace cs
