// Live tests for bitesize: reads of known sizes with O_DIRECT on a disk of
// our own (idle_disk.h), by a process with a unique name: each read is one
// request issued by it, so its histogram holds exactly those.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "attach_modes.h"
#include "harness.h"
#include "idle_disk.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing block device I/O... Hit Ctrl-C to end.";
const char* const kHeader = "     Kbytes              : count    distribution";

// Sizes in KiB read by the tests, and the log2 bucket (low bound) of each.
const std::vector<DirectReads> kReads = {{8, 4}, {5, 16, 1024}, {3, 64, 4096}};
const std::map<uint64_t, uint64_t> kBuckets = {{4, 8}, {16, 5}, {64, 3}};

// comm -> {bucket low bound -> count} of the text output.
using Hists = std::map<std::string, std::map<uint64_t, uint64_t>>;

Hists parse_text(const std::string& text) {
  Hists r;
  std::string comm;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Process Name = ", 0) == 0) {
      comm = line.substr(15);
      r[comm];
      continue;
    }
    uint64_t lo, hi, n;
    if (std::sscanf(line.c_str(), " %lu -> %lu : %lu", &lo, &hi, &n) == 3 && n)
      r[comm][lo] += n;
  }
  return r;
}

// Starts bitesize with args, waits for its banner (stderr with --json),
// makes kReads as `comm` and stops it.
void trace_reads(const IdleDisk& d, const std::string& comm, std::vector<std::string> args,
                 std::unique_ptr<ToolProcess>& tool) {
  tool = std::make_unique<ToolProcess>("bitesize", args);
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  ASSERT_TRUE(json ? tool->wait_for_err(kBanner) : tool->wait_for_out(kBanner))
      << tool->describe();
  ASSERT_EQ(run_direct_reads(d.dev, comm, kReads), 0) << d.dev;
  Exit e = tool->stop(SIGINT);
  ASSERT_TRUE(e.exited && e.code == 0) << tool->describe();
}

TEST(bitesize, CountsEachSizeUnderTheIssuingComm) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::string comm = unique_token("bsz");
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_reads(d, comm, {"-c", comm, "-d", d.name}, tool));
  EXPECT_EQ(tool->out_lines().at(0), kBanner);
  EXPECT_NE(tool->out().find("\n\nProcess Name = " + comm + "\n" + kHeader + "\n"),
            std::string::npos)
      << tool->describe();
  Hists h = parse_text(tool->out());
  ASSERT_EQ(h.size(), 1u) << tool->describe();
  EXPECT_EQ(h[comm], kBuckets) << tool->describe();
}

// Without -c every comm shows; ours with exactly its reads.
TEST(bitesize, EveryCommWithoutFilter) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::string comm = unique_token("bsz");
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_reads(d, comm, {"-d", d.name}, tool));
  EXPECT_EQ(parse_text(tool->out())[comm], kBuckets) << tool->describe();
}

// -c names another comm, or -d another disk: none of our reads show.
TEST(bitesize, FiltersLeaveOutOtherCommsAndDisks) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::string comm = unique_token("bsz");
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_reads(d, comm, {"-c", comm + "x", "-d", d.name}, tool));
  EXPECT_TRUE(parse_text(tool->out()).empty()) << tool->describe();
  // A prefix of the comm is another comm.
  ASSERT_NO_FATAL_FAILURE(trace_reads(d, comm, {"-c", comm.substr(0, 3)}, tool));
  EXPECT_EQ(parse_text(tool->out()).count(comm), 0u) << tool->describe();
  IdleDisk other;
  if (!other.why_not.empty() || other.name == d.name) GTEST_SKIP() << "no second idle disk";
  ASSERT_NO_FATAL_FAILURE(trace_reads(d, comm, {"-c", comm, "-d", other.name}, tool));
  EXPECT_TRUE(parse_text(tool->out()).empty()) << tool->describe();
}

TEST(bitesize, JsonObjectPerInterval) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::string comm = unique_token("bsz");
  std::unique_ptr<ToolProcess> tool;
  ASSERT_NO_FATAL_FAILURE(trace_reads(d, comm, {"--json", "-c", comm}, tool));
  EXPECT_EQ(tool->out().find(kBanner), std::string::npos) << "banner belongs on stderr";
  auto lines = parse_json_lines(tool->out());
  ASSERT_EQ(lines.size(), 1u) << tool->out();
  const JsonValue& j = lines[0];
  EXPECT_EQ(j["type"].str, "histogram");
  EXPECT_EQ(j["unit"].str, "Kbytes");
  EXPECT_TRUE(is_hms(j["time"].str)) << tool->out();
  ASSERT_EQ(j["hists"].items.size(), 1u) << tool->out();
  const JsonValue& h = j["hists"][0];
  EXPECT_EQ(h["comm"].str, comm);
  EXPECT_EQ(h["count"].num, 16);
  std::map<uint64_t, uint64_t> got;
  for (auto& b : h["buckets"].items)
    if (b["count"].num) got[static_cast<uint64_t>(b["low"].num)] = static_cast<uint64_t>(b["count"].num);
  EXPECT_EQ(got, kBuckets) << tool->out();
}

TEST(bitesize, EachAttachFlavour) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  ASSERT_TRUE(ensure_tracefs());
  std::string comm = unique_token("bsz");
  AttachSteps steps;
  steps.args = {"-c", comm, "-d", d.name};
  steps.ready = [](const std::string& o, const std::string&) {
    return o.find(kBanner) != std::string::npos;
  };
  steps.running = [&](ToolProcess&) { ASSERT_EQ(run_direct_reads(d.dev, comm, kReads), 0); };
  steps.stopped = [&](ToolProcess& t) {
    EXPECT_EQ(parse_text(t.out())[comm], kBuckets) << t.describe();
  };
  each_attach_mode("bitesize", steps);
}

TEST(bitesize, IntervalAndCountEndByThemselves) {
  CS_REQUIRE_BPF();
  ToolProcess t("bitesize", {"-T", "0.3", "2"});
  Exit e = t.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  EXPECT_EQ(hms_lines(t.out()), 2) << t.describe();
}

TEST(bitesize, UsageErrorsExit2) {
  expect_usage_errors("bitesize", {{"-c", "a-comm-of-16-chr"}, {"-c"}, {"-d", "nosuchdisk"},
                                   {"--attach", "sideways"}});
  RunResult r = run_tool("bitesize", {"-d", "nosuchdisk"});
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "bitesize: unknown disk 'nosuchdisk' (see /proc/partitions)");
  expect_bad_interval_args("bitesize");
}

TEST(bitesize, HelpListsEveryFlag) {
  RunResult h = run_tool("bitesize", {"--help"});
  for (const char* flag : {"-T", "-c", "-d", "--json"})
    EXPECT_NE(h.out.find(flag), std::string::npos) << flag;
}

TEST(bitesize, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("bitesize");
}

TEST(bitesize, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("bitesize");
}

}  // namespace
