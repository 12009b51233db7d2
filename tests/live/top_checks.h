// What the live tests of filetop and dirtop share: the tool runs at
// 1-second intervals while a gated workload does its file calls, and the
// test adds up what every interval showed for the workload (its I/O may
// fall into two intervals).
#pragma once
#include <gtest/gtest.h>
#include <signal.h>

#include <functional>
#include <string>
#include <vector>

#include "gated_workload.h"
#include "harness.h"

namespace cstest {

// Starts `tool args` (with the workload's -p when with_pid), opens the gate
// once the first interval is out (the tool is attached by then), and stops
// the tool once the workload is done and `done` holds for its output.
inline std::string top_output(const std::string& tool, std::vector<std::string> args,
                              GatedWorkload& w,
                              const std::function<bool(const std::string&)>& done,
                              bool with_pid = true) {
  EXPECT_TRUE(w.ready());
  if (with_pid) args.insert(args.end(), {"-p", std::to_string(w.pid())});
  ToolProcess t(tool, args);
  bool up = t.wait_until([](const std::string& o, const std::string&) {
    return o.find("loadavg: ") != std::string::npos || o.find("\"type\":\"table\"") != std::string::npos;
  });
  EXPECT_TRUE(up) << t.describe();
  EXPECT_EQ(w.wait(), 0);
  bool seen = t.wait_until([&](const std::string& o, const std::string&) { return done(o); });
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(seen && e.exited && e.code == 0) << t.describe();
  return complete_lines(t.out());
}

// The JSON rows of every interval whose `key` is `value`.
inline std::vector<JsonValue> json_rows_where(const std::string& out, const std::string& key,
                                              const std::string& value) {
  std::vector<JsonValue> r;
  for (const JsonValue& j : parse_json_lines(out)) {
    EXPECT_EQ(j["type"].str, "table");
    for (const JsonValue& row : j["rows"].items)
      if (row[key].str == value) r.push_back(row);
  }
  return r;
}

}  // namespace cstest
