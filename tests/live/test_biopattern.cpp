// Live tests for biopattern: O_DIRECT reads on a disk of our own
// (idle_disk.h), back to back and then scattered, counted exactly.
#include <gtest/gtest.h>

#include <sstream>

#include "attach_modes.h"
#include "harness.h"
#include "idle_disk.h"

using namespace cstest;

namespace {

const char* const kBanner = "Tracing block device I/O requested seeks... Hit Ctrl-C to end.";

// The first read only places the disk's position: 9 sequential reads follow
// it, then 6 reads 1 MiB apart that each start elsewhere.  16 KiB each.
const std::vector<DirectReads> kReads = {{10, 16}, {6, 16, 4096, 1024}};
constexpr uint64_t kSeq = 9, kRnd = 6, kRequests = 16;

struct Totals {
  uint64_t rows = 0, count = 0, kbytes = 0, rnd_pct = 0, seq_pct = 0;
};

// Sums the text rows of `disk` (DISK %RND %SEQ COUNT KBYTES, after TIME with -T).
Totals rows_of(const std::string& out, const std::string& disk, bool timestamp) {
  Totals t;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string time, name;
    uint64_t rnd, seq, count, kb;
    if (timestamp && !(f >> time && is_hms(time))) continue;
    if (!(f >> name >> rnd >> seq >> count >> kb) || name != disk) continue;
    t.rows++;
    t.count += count;
    t.kbytes += kb;
    t.rnd_pct = rnd;
    t.seq_pct = seq;
  }
  return t;
}

// Starts biopattern with args, makes kReads on the disk and stops it.
// False (and a note) when someone else did I/O on the disk meanwhile.
bool trace_reads(const IdleDisk& d, std::vector<std::string> args,
                 std::unique_ptr<ToolProcess>& tool) {
  tool = std::make_unique<ToolProcess>("biopattern", args);
  bool json = std::find(args.begin(), args.end(), "--json") != args.end();
  EXPECT_TRUE(json ? tool->wait_for_err(kBanner) : tool->wait_for_out(kBanner))
      << tool->describe();
  uint64_t before = d.ios();
  EXPECT_EQ(run_direct_reads(d.dev, unique_token("bpat"), kReads), 0) << d.dev;
  uint64_t done = d.ios() - before;
  Exit e = tool->stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << tool->describe();
  if (done != kRequests) std::printf("[ NOTE     ] %s did %lu requests meanwhile\n", d.name.c_str(), done);
  return done == kRequests && !::testing::Test::HasFailure();
}

void expect_pattern(const Totals& t, const std::string& what) {
  EXPECT_EQ(t.rows, 1u) << what;
  EXPECT_EQ(t.count, kSeq + kRnd) << what;
  EXPECT_EQ(t.kbytes, (kSeq + kRnd) * 16) << what;
  EXPECT_EQ(t.rnd_pct, kRnd * 100 / (kSeq + kRnd)) << what;
  EXPECT_EQ(t.seq_pct, kSeq * 100 / (kSeq + kRnd)) << what;
}

TEST(biopattern, CountsSequentialAndRandomReads) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  if (!trace_reads(d, {"-d", d.name}, tool)) GTEST_SKIP() << "the disk was not idle";
  auto lines = tool->out_lines();
  ASSERT_GE(lines.size(), 2u) << tool->describe();
  EXPECT_EQ(lines[0], kBanner);
  EXPECT_EQ(lines[1], "DISK     %RND  %SEQ    COUNT     KBYTES");
  expect_pattern(rows_of(tool->out(), d.name, false), tool->describe());
}

// Without -d every disk shows; ours with exactly its reads.  -T puts the
// time first.
TEST(biopattern, EveryDiskWithTimestamps) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  if (!trace_reads(d, {"-T"}, tool)) GTEST_SKIP() << "the disk was not idle";
  EXPECT_EQ(tool->out_lines().at(1), "TIME      DISK     %RND  %SEQ    COUNT     KBYTES");
  expect_pattern(rows_of(tool->out(), d.name, true), tool->describe());
}

TEST(biopattern, DiskFilterLeavesOutOtherDisks) {
  IdleDisk d, other;
  CS_REQUIRE_IDLE_DISK(d);
  if (!other.why_not.empty() || other.name == d.name) GTEST_SKIP() << "no second idle disk";
  std::unique_ptr<ToolProcess> tool;
  if (!trace_reads(d, {"-d", other.name}, tool)) GTEST_SKIP() << "the disk was not idle";
  EXPECT_EQ(rows_of(tool->out(), d.name, false).rows, 0u) << tool->describe();
}

TEST(biopattern, JsonTablePerInterval) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  std::unique_ptr<ToolProcess> tool;
  if (!trace_reads(d, {"--json", "-d", d.name}, tool)) GTEST_SKIP() << "the disk was not idle";
  EXPECT_EQ(tool->out().find(kBanner), std::string::npos) << "banner belongs on stderr";
  auto lines = parse_json_lines(tool->out());
  ASSERT_EQ(lines.size(), 1u) << tool->out();
  EXPECT_EQ(lines[0]["type"].str, "table");
  EXPECT_TRUE(is_hms(lines[0]["time"].str)) << tool->out();
  ASSERT_EQ(lines[0]["rows"].items.size(), 1u) << tool->out();
  const JsonValue& r = lines[0]["rows"][0];
  EXPECT_EQ(r["disk"].str, d.name);
  EXPECT_EQ(r["sequential"].num, kSeq);
  EXPECT_EQ(r["random"].num, kRnd);
  EXPECT_EQ(r["count"].num, kSeq + kRnd);
  EXPECT_EQ(r["kbytes"].num, (kSeq + kRnd) * 16);
  EXPECT_EQ(r["random_pct"].num, kRnd * 100 / (kSeq + kRnd));
  EXPECT_EQ(r["sequential_pct"].num, kSeq * 100 / (kSeq + kRnd));
  EXPECT_FALSE(r.has("time")) << "the time is the table's";
}

TEST(biopattern, EachAttachFlavour) {
  IdleDisk d;
  CS_REQUIRE_IDLE_DISK(d);
  ASSERT_TRUE(ensure_tracefs());
  AttachSteps steps;
  steps.args = {"-d", d.name};
  steps.ready = [](const std::string& o, const std::string&) {
    return o.find(kBanner) != std::string::npos;
  };
  uint64_t done = 0;
  steps.running = [&](ToolProcess&) {
    uint64_t before = d.ios();
    ASSERT_EQ(run_direct_reads(d.dev, unique_token("bpat"), kReads), 0);
    done = d.ios() - before;
  };
  steps.stopped = [&](ToolProcess& t) {
    if (done == kRequests) expect_pattern(rows_of(t.out(), d.name, false), t.describe());
  };
  each_attach_mode("biopattern", steps);
}

TEST(biopattern, IntervalAndCountEndByThemselves) {
  CS_REQUIRE_BPF();
  ToolProcess t("biopattern", {"0.3", "2"});
  Exit e = t.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
  ToolProcess j("biopattern", {"--json", "0.2", "3"});
  e = j.wait();
  EXPECT_TRUE(e.exited && e.code == 0) << j.describe();
  EXPECT_EQ(parse_json_lines(j.out()).size(), 3u) << j.describe();
}

TEST(biopattern, UsageErrorsExit2) {
  expect_usage_errors("biopattern", {{"-d", "nosuchdisk"}, {"-d"}, {"--attach", "sideways"}});
  RunResult r = run_tool("biopattern", {"-d", "nosuchdisk"});
  EXPECT_EQ(r.err.substr(0, r.err.find('\n')),
            "biopattern: unknown disk 'nosuchdisk' (see /proc/partitions)");
  expect_bad_interval_args("biopattern");
}

TEST(biopattern, HelpListsEveryFlag) {
  RunResult h = run_tool("biopattern", {"--help"});
  for (const char* flag : {"-T", "-d", "--json"})
    EXPECT_NE(h.out.find(flag), std::string::npos) << flag;
}

TEST(biopattern, NotRootExplainsAndExits1) {
  CS_REQUIRE_BPF();
  expect_unprivileged_refusal("biopattern");
}

TEST(biopattern, TracepointsWithoutTracefsPrintTheMountCommand) {
  CS_REQUIRE_BPF();
  expect_tracefs_hint("biopattern");
}

}  // namespace
