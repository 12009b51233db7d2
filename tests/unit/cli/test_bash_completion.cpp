// The generated bash completion (common/cli/bash_completion.h), run by bash
// itself with COMP_WORDS set as readline would set them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "common/cli/bash_completion.h"

namespace {

using Value = cs::OptionSpec::Value;

const std::vector<cs::NamedCli> kTools = {
    {"fakesnoop",
     {"Fake",
      {{{"-h", "--help"}, Value::None, {}},
       {{"--json"}, Value::None, {}},
       {{"--buffer"}, Value::Any, {"auto", "ring", "perf"}},
       {{"--btf"}, Value::File, {}},
       {{"-c", "--cgroup"}, Value::Directory, {}},
       {{"-p", "--pid"}, Value::Any, {}}}}},
    {"otherstat", {"Other", {{{"--other"}, Value::None, {}}}}},
};

// The words bash would offer for `words`, the last one being completed.
std::vector<std::string> complete(const std::vector<std::string>& words) {
  char path[] = "/tmp/cs-completion-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path) << cs::bash_completion("corescope", {"--list"}, kTools);
  std::string cmd = "cd /; bash --norc -c 'source " + std::string(path) + "; COMP_WORDS=(";
  for (const std::string& w : words) cmd += "\"" + w + "\" ";
  cmd += "); COMP_CWORD=" + std::to_string(words.size() - 1) +
         "; _corescope; printf \"%s\\n\" \"${COMPREPLY[@]}\"' 2>&1";
  std::vector<std::string> got;
  FILE* p = popen(cmd.c_str(), "r");
  char line[4096];
  while (p && std::fgets(line, sizeof line, p)) {
    std::string s(line);
    if (!s.empty() && s.back() == '\n') s.pop_back();
    if (!s.empty()) got.push_back(s);
  }
  if (p) pclose(p);
  unlink(path);
  return got;
}

using Words = std::vector<std::string>;

TEST(bash_completion, LongOptionByPrefix) {
  EXPECT_EQ(complete({"fakesnoop", "--js"}), Words{"--json"});
  EXPECT_EQ(complete({"/usr/sbin/fakesnoop", "--js"}), Words{"--json"});
  EXPECT_EQ(complete({"corescope", "fakesnoop", "--js"}), Words{"--json"});
}

TEST(bash_completion, ChoicesOfAnEnumeratedOption) {
  EXPECT_EQ(complete({"fakesnoop", "--buffer", ""}), (Words{"auto", "ring", "perf"}));
  EXPECT_EQ(complete({"fakesnoop", "--buffer", "r"}), Words{"ring"});
}

TEST(bash_completion, FilesAndDirectories) {
  EXPECT_EQ(complete({"fakesnoop", "--btf", "/et"}), Words{"/etc"});
  EXPECT_EQ(complete({"fakesnoop", "-c", "/etc/host"}), Words{});  // files are not offered
  Words files = complete({"fakesnoop", "--btf", "/etc/host"});
  EXPECT_NE(std::find(files.begin(), files.end(), "/etc/hostname"), files.end());
}

TEST(bash_completion, NothingAfterAValueOption) {
  EXPECT_EQ(complete({"fakesnoop", "-p", ""}), Words{});
}

TEST(bash_completion, ToolNamesAfterTheFront) {
  EXPECT_EQ(complete({"corescope", "oth"}), Words{"otherstat"});
  EXPECT_EQ(complete({"corescope", "--l"}), Words{"--list"});
  EXPECT_EQ(complete({"corescope", "otherstat", "--o"}), Words{"--other"});
}

}  // namespace
