// Live tests for wqlat: a workload writes to a pseudo-terminal and reads
// each byte back on the other side.  Every write queues the terminal's
// flush work on the kernel's unbound system workqueue ("events_unbound"),
// and the read returns only once that work ran: N writes are N work items
// queued and started while the tool watches.  The workload pauses after
// each read so that the work has finished before the next write: the work
// that delivered a byte may pick up the next one too, and a write while the
// work is queued again does not queue it a third time (one item for two
// writes: 299 of 300 was seen under qemu with no pause, and with 1 ms).
//
// The tool is given 0.1 s intervals and the workload starts after its first
// summary: on Linux 6.18 a tracepoint probe registered within a few hundred
// milliseconds of another probe's removal was seen to miss a few events at
// first (back-to-back tests do exactly that).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "attach_modes.h"
#include "harness.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing work queue request latency time... Hit Ctrl-C to end.\n";
const char* const kInterval = "0.1";
const char* const kTtyWq = "events_unbound";
constexpr int kWrites = 300;

// wqlat_pty N: N bytes written to a pty master, each read back from the slave.
CS_WORKLOAD(wqlat_pty) {
  int n = std::stoi(args.at(0));
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) return 2;
  int slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) {
    const char* name = ptsname(master);
    slave = name ? open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
  }
  termios t;
  if (slave < 0 || tcgetattr(slave, &t) != 0) return 3;
  cfmakeraw(&t);
  if (tcsetattr(slave, TCSANOW, &t) != 0) return 4;
  for (int i = 0; i < n; i++) {
    char c = 'a' + i % 26, back = 0;
    if (write(master, &c, 1) != 1) return 5;
    if (read(slave, &back, 1) != 1 || back != c) return 6;
    usleep(5000);
  }
  close(slave);
  close(master);
  return 0;
}

// Waits for the first interval's summary: a line of output after the banner.
bool first_summary(ToolProcess& t, bool json) {
  size_t from = json ? 0 : std::string(kBanner).size();
  return t.wait_until([&](const std::string& o, const std::string&) {
    return o.size() > from && o.find('\n', from) != std::string::npos;
  });
}

// Runs wqlat (with 0.1 s intervals) around kWrites terminal writes.
std::unique_ptr<ToolProcess> trace_writes(std::vector<std::string> args) {
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  args.push_back(kInterval);
  auto t = std::make_unique<ToolProcess>("wqlat", args);
  EXPECT_TRUE(first_summary(*t, json)) << t->describe();
  EXPECT_EQ(run_workload("wqlat_pty", {std::to_string(kWrites)}), 0);
  Exit e = t->stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t->describe();
  return t;
}

uint64_t bucket_total(const JsonValue& hist) {
  uint64_t n = 0;
  for (auto& b : hist["buckets"].items) n += static_cast<uint64_t>(b["count"].num);
  return n;
}

// -W --json: work items per workqueue name over every summary.
std::map<std::string, uint64_t> per_wq_json(const std::string& out, const std::string& unit) {
  std::map<std::string, uint64_t> r;
  auto lines = parse_json_lines(out);
  EXPECT_GE(lines.size(), 2u) << out;
  for (auto& j : lines) {
    EXPECT_EQ(j["time"].kind, JsonValue::String);
    EXPECT_EQ(j["hists"].kind, JsonValue::Array) << out;
    EXPECT_EQ(j["unit"].str, unit);
    for (auto& h : j["hists"].items) r[h["wqname"].str] += bucket_total(h);
  }
  return r;
}

// Text: work items per "wqname = NAME" section ("" before any header).
std::map<std::string, uint64_t> per_wq_text(const std::string& out) {
  std::map<std::string, uint64_t> r;
  std::string current;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("wqname = ", 0) == 0) {
      current = line.substr(9);
      std::getline(in, line);
      EXPECT_EQ(line, "     usecs               : count    distribution");
    } else if (line.find(" -> ") != std::string::npos && line.find(" : ") != std::string::npos) {
      r[current] += std::stoull(line.substr(line.find(" : ") + 3));
    } else if (line.empty()) {
      current.clear();
    }
  }
  return r;
}

TEST(wqlat, PerWorkqueueCountsTerminalFlushes) {
  CS_REQUIRE_BPF();
  auto t = trace_writes({"-W"});
  auto counts = per_wq_text(t->out());
  EXPECT_GE(counts[kTtyWq], uint64_t{kWrites}) << t->describe();
  EXPECT_EQ(counts.count(""), 0u) << "a histogram without its wqname header";
  EXPECT_NE(t->out().find(std::string("\nwqname = ") + kTtyWq + "\n     usecs "), std::string::npos)
      << t->describe();
}

TEST(wqlat, OneHistogramWithoutW) {
  CS_REQUIRE_BPF();
  auto t = trace_writes({});
  auto counts = per_wq_text(t->out());
  EXPECT_EQ(counts.size(), 1u) << t->describe();
  EXPECT_GE(counts[""], uint64_t{kWrites}) << t->describe();
  EXPECT_NE(t->out().find("\n     usecs               : count    distribution\n"),
            std::string::npos);
  EXPECT_EQ(t->out().rfind(kBanner, 0), 0u);
}

TEST(wqlat, JsonPerWorkqueueInNanoseconds) {
  CS_REQUIRE_BPF();
  auto t = trace_writes({"--json", "-W", "-N"});
  EXPECT_EQ(t->out().find("Tracing"), std::string::npos) << "banner belongs on stderr";
  EXPECT_NE(t->err().find(kBanner), std::string::npos) << t->describe();
  EXPECT_GE(per_wq_json(t->out(), "nsecs")[kTtyWq], uint64_t{kWrites}) << t->describe();
}

TEST(wqlat, JsonUnkeyed) {
  CS_REQUIRE_BPF();
  auto t = trace_writes({"--json"});
  uint64_t total = 0;
  for (auto& j : parse_json_lines(t->out())) {
    EXPECT_EQ(j["unit"].str, "usecs");
    // One histogram, even an empty one, and no key.
    ASSERT_EQ(j["hists"].items.size(), 1u) << t->describe();
    EXPECT_FALSE(j["hists"][0].has("wqname"));
    total += bucket_total(j["hists"][0]);
  }
  EXPECT_GE(total, uint64_t{kWrites}) << t->describe();
}

// -w NAME keeps that workqueue only; an instance filtering on another name
// at the same time does not count the terminal's work.
TEST(wqlat, NameFilter) {
  CS_REQUIRE_BPF();
  ToolProcess other("wqlat", {"--json", "-W", "-w", "writeback", kInterval});
  ASSERT_TRUE(first_summary(other, true)) << other.describe();
  auto t = trace_writes({"--json", "-W", "-w", kTtyWq});
  EXPECT_EQ(other.stop(SIGINT).code, 0);
  auto mine = per_wq_json(t->out(), "usecs");
  EXPECT_GE(mine[kTtyWq], uint64_t{kWrites}) << t->describe();
  for (auto& [name, n] : mine) EXPECT_EQ(name, kTtyWq);
  for (auto& [name, n] : per_wq_json(other.out(), "usecs")) EXPECT_EQ(name, "writeback");
  // Without -W the filtered histogram is the unkeyed one.
  auto unkeyed = trace_writes({"-w", kTtyWq});
  auto counts = per_wq_text(unkeyed->out());
  EXPECT_EQ(counts.size(), 1u) << unkeyed->describe();
  EXPECT_GE(counts[""], uint64_t{kWrites}) << unkeyed->describe();
}

TEST(wqlat, EachAttachFlavour) {
  CS_REQUIRE_BPF();
  ASSERT_TRUE(ensure_tracefs());
  AttachSteps steps;
  steps.args = {"--json", "-W", kInterval};
  steps.ready = [](const std::string& o, const std::string&) {
    return o.find('\n') != std::string::npos;
  };
  steps.running = [](ToolProcess&) {
    ASSERT_EQ(run_workload("wqlat_pty", {std::to_string(kWrites)}), 0);
  };
  steps.stopped = [](ToolProcess& t) {
    EXPECT_GE(per_wq_json(t.out(), "usecs")[kTtyWq], uint64_t{kWrites}) << t.describe();
  };
  each_attach_mode("wqlat", steps);
}

TEST(wqlat, IntervalsWithTimestampsEndByThemselves) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("wqlat", {"-T", "0.3", "2"});
  ASSERT_TRUE(r.exit.exited) << r.out << r.err;
  EXPECT_EQ(r.exit.code, 0) << r.err;
  EXPECT_EQ(hms_lines(r.out), 2) << r.out;
}

TEST(wqlat, UsageErrorsExit2) {
  expect_usage_errors("wqlat", {
      {"-w", ""},
      {"-w", std::string(32, 'x')},
      {"-w"},
      {"--attach", "kprobe"},
  });
  expect_bad_interval_args("wqlat");
}

TEST(wqlat, TracepointsWithoutTracefsExplainTheFix) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("wqlat");
}

TEST(wqlat, UnprivilegedExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("wqlat");
}

}  // namespace
