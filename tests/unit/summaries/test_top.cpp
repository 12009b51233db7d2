// The top kit: its flags, and one interval's screen in libbpf-tools'
// filetop/biotop layout, on a terminal, piped, with -C and as JSON.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/summaries/top.h"
#include "cli_args.h"

namespace {

// parse()'s result; the options and the common values (interval, count) in
// *top and *common.
std::optional<int> parse(std::vector<std::string> args, cs::TopOptions* top = nullptr,
                         cs::Common* common = nullptr) {
  cs::TopOptions o;
  cs::Cli cli("test top");
  cs::top_flags(cli, o, {"all", "reads", "writes"});
  std::optional<int> rc = cstest::parse_args(cli, std::move(args));
  if (top) *top = o;
  if (common) *common = cli.common();
  return rc;
}

// The peers' defaults (a screen a second, 20 rows, the first sort key), and
// every flag given.
TEST(top, FlagsAndTheirDefaults) {
  struct Case {
    std::vector<std::string> args;
    bool noclear;
    uint32_t rows;
    const char* sort;
    double interval;
    uint64_t count;
  } cases[] = {{{}, false, 20, "all", 1.0, 0},
               {{"-C", "-r", "5", "-s", "writes", "2", "3"}, true, 5, "writes", 2.0, 3}};
  for (const Case& c : cases) {
    cs::TopOptions top;
    cs::Common common;
    ASSERT_EQ(parse(c.args, &top, &common), std::nullopt);
    EXPECT_EQ(top.noclear, c.noclear);
    EXPECT_EQ(top.rows, c.rows);
    EXPECT_EQ(top.sort, c.sort);
    EXPECT_EQ(common.interval, c.interval);
    EXPECT_EQ(common.count, c.count);
  }
}

TEST(top, BadValuesAreUsageErrors) {
  for (std::vector<std::string> args : {std::vector<std::string>{"-s", "bytes"}, {"-r", "0"},
                                        {"-r", "x"}, {"0"}, {"1", "0"}})
    EXPECT_EQ(parse(args), std::optional<int>(2)) << args[0] << " " << args[1 % args.size()];
}

enum { kPid, kComm, kReads };

std::string screen(size_t n_rows, cs::TopOptions o, bool terminal, bool json = false) {
  const cs::Record rec({
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "READS", .key = "reads", .width = 6},
  });
  cs::Output out(-1);
  auto sink = json ? cs::make_json_sink(out) : cs::make_text_sink(out);
  cs::TableReport t(rec);
  for (size_t i = 0; i < n_rows; i++) {
    cs::Row& r = t.add_row();
    r[kPid] = 100 + i;
    r[kComm] = "cat";
    r[kReads] = 9 - i;
  }
  cs::show_top(t, o, *sink, out, terminal);
  return out.buffer();
}

const char kHeader[] = "PID     COMM             READS \n";

TEST(top, PipedScreenIsLoadavgBlankHeaderRowsBlank) {
  cs::TopOptions o;
  o.rows = 2;
  std::string s = screen(3, o, false);
  ASSERT_EQ(s.find("\033"), std::string::npos);
  // "HH:MM:SS loadavg: a b c r/t pid\n" as /proc/loadavg has it.
  size_t nl = s.find('\n');
  ASSERT_NE(nl, std::string::npos);
  std::string first = s.substr(0, nl);
  ASSERT_GE(first.size(), 18u);
  EXPECT_EQ(first.substr(2, 1), ":");
  EXPECT_EQ(first.substr(8, 10), " loadavg: ");
  EXPECT_EQ(s.substr(nl + 1), std::string("\n") + kHeader +
                                  "100     cat              9     \n"
                                  "101     cat              8     \n"
                                  "\n");
}

TEST(top, EmptyIntervalStillShowsTheHeader) {
  std::string s = screen(0, {}, false);
  EXPECT_EQ(s.substr(s.find('\n') + 1), std::string("\n") + kHeader + "\n");
}

TEST(top, TerminalScreenIsClearedUnlessNoclear) {
  EXPECT_EQ(screen(1, {}, true).rfind("\033[H\033[2J", 0), 0u);
  cs::TopOptions keep;
  keep.noclear = true;
  EXPECT_EQ(screen(1, keep, true).find('\033'), std::string::npos);
}

TEST(top, JsonIsOneTableObjectWithoutEscapes) {
  cs::TopOptions o;
  o.rows = 1;
  std::string s = screen(2, o, true, true);
  EXPECT_EQ(s.find('\033'), std::string::npos);
  EXPECT_EQ(s.find("loadavg"), std::string::npos);
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 1);
  EXPECT_NE(s.find("\"type\":\"table\""), std::string::npos) << s;
  EXPECT_NE(s.find("\"rows\":[{\"pid\":100,\"comm\":\"cat\",\"reads\":9}]"), std::string::npos) << s;
}

}  // namespace
