// The network tools' filters: -4 / -6 and the port lists, and the knobs
// they set.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/cli/inet_options.h"
#include "cli_args.h"

namespace {

std::optional<int> parse(cs::InetOptions& o, std::vector<std::string> args) {
  cs::Cli cli("test inet");
  cs::add_family_flags(cli, o);
  cs::add_port_filters(cli, o);
  return cstest::parse_args(cli, std::move(args));
}

std::optional<int> rc_of(std::vector<std::string> args) {
  cs::InetOptions o;
  return parse(o, std::move(args));
}

// What a skeleton's rodata holds for inet.bpf.h.
struct Rodata {
  uint16_t cs_filter_family = 99;
  uint16_t cs_filter_lports[cs::kInetMaxPorts] = {};
  uint16_t cs_filter_rports[cs::kInetMaxPorts] = {};
};

TEST(inet_options, NoneGivenFiltersNothing) {
  cs::InetOptions o;
  ASSERT_EQ(parse(o, {}), std::nullopt);
  Rodata r;
  cs::set_inet_knobs(r, o);
  EXPECT_EQ(r.cs_filter_family, 0);
  EXPECT_EQ(r.cs_filter_lports[0], 0);
  EXPECT_EQ(r.cs_filter_rports[0], 0);
}

TEST(inet_options, FamilyAndPortListsReachTheKnobs) {
  cs::InetOptions o;
  ASSERT_EQ(parse(o, {"-6", "-L", "80,443", "-L", "8080", "--remoteport", "5432"}), std::nullopt);
  EXPECT_EQ(o.family(), AF_INET6);
  Rodata r;
  cs::set_inet_knobs(r, o);
  EXPECT_EQ(r.cs_filter_family, AF_INET6);
  EXPECT_EQ(r.cs_filter_lports[0], 80);
  EXPECT_EQ(r.cs_filter_lports[1], 443);
  EXPECT_EQ(r.cs_filter_lports[2], 8080);
  EXPECT_EQ(r.cs_filter_lports[3], 0);  // ends the list
  EXPECT_EQ(r.cs_filter_rports[0], 5432);
  EXPECT_EQ(r.cs_filter_rports[1], 0);
  cs::InetOptions v4;
  ASSERT_EQ(parse(v4, {"--ipv4"}), std::nullopt);
  EXPECT_EQ(v4.family(), AF_INET);
}

TEST(inet_options, SixteenPortsFitSeventeenDoNot) {
  std::string ports;
  for (int i = 1; i <= 16; i++) ports += (i > 1 ? "," : "") + std::to_string(i);
  cs::InetOptions o;
  ASSERT_EQ(parse(o, {"-D", ports}), std::nullopt);
  Rodata r;
  cs::set_inet_knobs(r, o);
  EXPECT_EQ(r.cs_filter_rports[15], 16);
  EXPECT_EQ(rc_of({"-D", ports + ",17"}), std::optional<int>(2));
  EXPECT_EQ(rc_of({"-D", ports, "-D", "17"}), std::optional<int>(2));
}

TEST(inet_options, BadValuesAreUsageErrors) {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"-L", "0"}, {"-L", "65536"}, {"-L", "-1"}, {"-D", "80,,81"},
        {"-D", "http"}, {"-D", ""}, {"-4", "-6"}})
    EXPECT_EQ(rc_of(args), std::optional<int>(2)) << args[0] << " " << args[1];
}

}  // namespace
