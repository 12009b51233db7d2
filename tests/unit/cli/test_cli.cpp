// Flag parsing: real validation and the documented exit codes.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "cli_args.h"
#include "common/cli/cli.h"

namespace {

struct Parsed {
  std::optional<int> rc;
  cs::Common common;
  bool x = false;
  uint32_t n = 7;
  std::string name;
};

Parsed parse(std::vector<std::string> args, bool with_interval = false) {
  Parsed p;
  cs::Cli cli("test tool");
  cli.flag("-x,--example", p.x, "an example flag")
      .option("-n,--number", p.n, "a bounded number", 1, 100)
      .option("--name", p.name, "a name")
      .pid_filter()
      .uid_filter()
      .cgroup_filter()
      .duration();
  if (with_interval) cli.interval_count();
  cli.excludes("-x", "--name");
  p.rc = cstest::parse_args(cli, std::move(args));
  p.common = cli.common();
  return p;
}

TEST(cli, ValidValuesAreStored) {
  Parsed p = parse({"-x", "-n", "42", "-p", "1234", "-u", "0", "-d", "2.5", "--json", "-v"});
  EXPECT_FALSE(p.rc.has_value());
  EXPECT_TRUE(p.x);
  EXPECT_EQ(p.n, 42u);
  EXPECT_EQ(p.common.pid, 1234u);
  EXPECT_EQ(p.common.uid, 0);
  EXPECT_DOUBLE_EQ(p.common.duration, 2.5);
  EXPECT_TRUE(p.common.json);
  EXPECT_TRUE(p.common.verbose);
}

TEST(cli, DefaultsMeanNoFilter) {
  Parsed p = parse({});
  EXPECT_FALSE(p.rc.has_value());
  EXPECT_EQ(p.common.pid, 0u);
  EXPECT_EQ(p.common.uid, -1);
  EXPECT_TRUE(p.common.cgroup.empty());
  EXPECT_EQ(p.common.buffer, cs::BufferMode::Auto);
  EXPECT_EQ(p.common.attach, cs::AttachMode::Auto);
}

TEST(cli, BadValuesExit2) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"-p", "12abc"}, {"-p", "0"}, {"-p", "-3"}, {"-p", ""}, {"-n", "101"}, {"-n", "0x"},
           {"-u", "-1"}, {"-d", "0"}, {"-d", "soon"}, {"--buffer", "pipe"}, {"--attach", "x"},
           {"-c", "/no/such/cgroup/dir"}, {"--btf", "/no/such/btf"}, {"--bogus"},
           {"-x", "--name", "a"}, {"stray"}})
    EXPECT_EQ(parse(args).rc, std::optional<int>(2)) << args[0];
}

TEST(cli, NegativeNumbersDoNotWrapAroundForUnsigned64) {
  uint64_t big = 0;
  cs::Cli cli("test tool");
  cli.option("-m", big, "a 64-bit number");
  std::vector<std::string> args{"tool", "-m", "-1"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  EXPECT_EQ(cli.parse(3, argv.data()), std::optional<int>(2));
  EXPECT_EQ(parse({"1", "-2"}, true).rc, std::optional<int>(2));
}

TEST(cli, NanAndValuesPastTheTypeAreRefused) {
  EXPECT_EQ(parse({"-d", "nan"}).rc, std::optional<int>(2));
  EXPECT_EQ(parse({"-d", "inf"}).rc, std::optional<int>(2));
  EXPECT_EQ(parse({"nan"}, true).rc, std::optional<int>(2));
  EXPECT_EQ(parse({"1", "18446744073709551616"}, true).rc, std::optional<int>(2));
  EXPECT_EQ(parse({"-p", "4294967297"}).rc, std::optional<int>(2));
  Parsed p = parse({"1", "18446744073709551615"}, true);
  EXPECT_FALSE(p.rc.has_value());
  EXPECT_EQ(p.common.count, UINT64_MAX);
}

TEST(cli, EmptyTextValuesAreRefused) {
  EXPECT_EQ(parse({"--name", ""}).rc, std::optional<int>(2));
  std::vector<std::string> list;
  for (std::string bad : {"", "a,,b", "a,"}) {
    cs::Cli cli("test tool");
    cli.option("-l", list, "a list");
    std::vector<std::string> args{"tool", "-l", bad};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    EXPECT_EQ(cli.parse(3, argv.data()), std::optional<int>(2)) << "'" << bad << "'";
  }
}

TEST(cli, HelpAndVersionExit0) {
  EXPECT_EQ(parse({"--help"}).rc, std::optional<int>(0));
  EXPECT_EQ(parse({"-h"}).rc, std::optional<int>(0));
  EXPECT_EQ(parse({"--version"}).rc, std::optional<int>(0));
}

TEST(cli, IntervalAndCountArePositional) {
  Parsed p = parse({"0.5", "3"}, true);
  EXPECT_FALSE(p.rc.has_value());
  EXPECT_DOUBLE_EQ(p.common.interval, 0.5);
  EXPECT_EQ(p.common.count, 3u);
  EXPECT_EQ(parse({"1", "0"}, true).rc, std::optional<int>(2));
  EXPECT_EQ(parse({"-1"}, true).rc, std::optional<int>(2));
  EXPECT_EQ(parse({"1", "2", "3"}, true).rc, std::optional<int>(2));
}

TEST(cli, BufferAndAttachChoices) {
  Parsed p = parse({"--buffer", "perf", "--attach", "tracepoint"});
  EXPECT_EQ(p.common.buffer, cs::BufferMode::Perf);
  EXPECT_EQ(p.common.attach, cs::AttachMode::Tracepoint);
}

}  // namespace

namespace {

// bcc's spellings: --stack_storage_size for --stack-storage-size.
TEST(cli, UnderscoreSpellingsOfLongOptionsAreAccepted) {
  Parsed p = parse({"--json", "--number_x"});  // not an option in either spelling
  EXPECT_EQ(p.rc, 2);
  cs::Cli cli("test tool");
  uint64_t size = 0;
  bool fields = false;
  cli.option("--stack-storage-size", size, "size", 1, 100).flag("--extended-fields", fields, "x");
  std::vector<std::string> args{"tool", "--stack_storage_size=9", "--extended_fields"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  EXPECT_EQ(cli.parse(static_cast<int>(argv.size()), argv.data()), std::nullopt);
  EXPECT_EQ(size, 9u);
  EXPECT_TRUE(fields);
}

}  // namespace

namespace {

// -p 1,2 and -p 1 -p 2, as libbpf-tools' profile takes them; one PID also
// fills the scalar the tools use for a single process.
TEST(cli, PidAndTidFiltersTakeLists) {
  Parsed one = parse({"-p", "42"});
  EXPECT_EQ(one.rc, std::nullopt);
  EXPECT_EQ(one.common.pid, 42u);
  EXPECT_EQ(one.common.pids, (std::vector<uint32_t>{42}));
  Parsed two = parse({"-p", "1,2", "-p", "3"});
  EXPECT_EQ(two.rc, std::nullopt);
  EXPECT_EQ(two.common.pid, 0u);
  EXPECT_EQ(two.common.pids, (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(cs::ids_text("PID", two.common.pids), "PIDs 1,2,3");
  EXPECT_EQ(cs::ids_text("PID", one.common.pids), "PID 42");
  // The value after a list option is the next positional, not another item.
  Parsed with_interval = parse({"-p", "7", "5"}, true);
  EXPECT_EQ(with_interval.rc, std::nullopt);
  EXPECT_EQ(with_interval.common.pids, (std::vector<uint32_t>{7}));
  EXPECT_EQ(with_interval.common.interval, 5);
  EXPECT_EQ(parse({"-p", "1,,2"}).rc, 2);
  EXPECT_EQ(parse({"-p", "1,x"}).rc, 2);
  EXPECT_EQ(parse({"-p", "1,0"}).rc, 2);
}

}  // namespace
