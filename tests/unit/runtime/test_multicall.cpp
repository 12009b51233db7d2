// The multi-call binary's dispatch by argv[0] and argv[1]
// (common/runtime/multicall.h), with two tools registered here.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/runtime/multicall.h"
#include "common/runtime/tool.h"

namespace {

struct Seen {
  int argc = 0;
  std::string argv0, tool;
  bool x = false;
};
Seen seen;

int fake_body(int argc, char** argv) {
  seen = Seen{argc, argv[0], cs::tool_name()};
  cs::Cli cli(cs::tool_name() == "fakealias" ? "Fake alias description" : "Fake description");
  cli.flag("-x,--example", seen.x, "an example flag");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  return 7;
}

int other_body(int, char**) { return 5; }

const cs::ToolRegistration fake("fakesnoop", "fakealias", fake_body);
const cs::ToolRegistration other("otherstat", "", other_body);

int run(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  return cs::multicall_main(static_cast<int>(args.size()), argv.data());
}

TEST(multicall, LinkNamedAfterToolRunsIt) {
  EXPECT_EQ(run({"/usr/sbin/fakesnoop", "-x"}), 7);
  EXPECT_EQ(seen.argc, 2);
  EXPECT_EQ(seen.argv0, "/usr/sbin/fakesnoop");
  EXPECT_EQ(seen.tool, "fakesnoop");
  EXPECT_TRUE(seen.x);
  EXPECT_EQ(run({"otherstat"}), 5);
}

TEST(multicall, FirstArgumentNamesTheTool) {
  EXPECT_EQ(run({"/usr/sbin/corescope", "fakesnoop", "-x"}), 7);
  EXPECT_EQ(seen.argc, 2);
  EXPECT_EQ(seen.argv0, "fakesnoop");
  EXPECT_EQ(seen.tool, "fakesnoop");
  EXPECT_TRUE(seen.x);
}

TEST(multicall, AliasKeepsItsOwnName) {
  EXPECT_EQ(run({"/sbin/fakealias"}), 7);
  EXPECT_EQ(seen.tool, "fakealias");
  EXPECT_EQ(run({"corescope", "fakealias"}), 7);
  EXPECT_EQ(seen.tool, "fakealias");
}

TEST(multicall, ToolErrorsCarryTheToolName) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(run({"corescope", "fakesnoop", "--bogus"}), 2);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err.rfind("fakesnoop: ", 0), 0u) << err;
}

TEST(multicall, UnknownToolIsUsageError) {
  testing::internal::CaptureStderr();
  EXPECT_EQ(run({"corescope", "nosuchtool"}), 2);
  EXPECT_EQ(run({"corescope"}), 2);
  EXPECT_EQ(run({"corescope", "--bogus"}), 2);
  std::string err = testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find("corescope: unknown tool nosuchtool"), std::string::npos) << err;
}

TEST(multicall, ListNamesEveryToolAndAliasWithItsDescription) {
  testing::internal::CaptureStdout();
  EXPECT_EQ(run({"corescope", "--list"}), 0);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("fakealias      Fake alias description\n"), std::string::npos) << out;
  EXPECT_NE(out.find("fakesnoop      Fake description\n"), std::string::npos) << out;
  EXPECT_NE(out.find("otherstat"), std::string::npos) << out;
  EXPECT_LT(out.find("fakealias"), out.find("fakesnoop"));  // by name
}

TEST(multicall, VersionAndHelp) {
  testing::internal::CaptureStdout();
  EXPECT_EQ(run({"corescope", "--version"}), 0);
  EXPECT_EQ(run({"corescope", "--help"}), 0);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(out.rfind("corescope ", 0), 0u) << out;
  EXPECT_NE(out.find("Usage: corescope TOOL"), std::string::npos) << out;
}

TEST(multicall, CompletionCoversToolsAndTheirOptions) {
  testing::internal::CaptureStdout();
  EXPECT_EQ(run({"corescope", "--bash-completion"}), 0);
  std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("complete -F _corescope corescope fakealias fakesnoop otherstat\n"),
            std::string::npos) << out;
  EXPECT_NE(out.find("--example"), std::string::npos);
}

}  // namespace
