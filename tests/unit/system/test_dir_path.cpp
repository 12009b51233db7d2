// Paths rebuilt from the directory names a BPF dentry walk collected.
#include <gtest/gtest.h>

#include <string>

#include "common/system/dir_path.h"

namespace {

using namespace std::string_literals;

TEST(dir_path, InnermostFirstNamesBecomeAnAbsolutePath) {
  EXPECT_EQ(cs::join_dir_path("c\0b\0a\0"s, true, "x.txt"), "/a/b/c/x.txt");
  EXPECT_EQ(cs::join_dir_path("tmp\0"s, true, "sub/f"), "/tmp/sub/f");
}

TEST(dir_path, RootHasNoNames) {
  EXPECT_EQ(cs::join_dir_path("", true, "etc/passwd"), "/etc/passwd");
}

TEST(dir_path, IncompleteWalkShowsTheMissingPart) {
  EXPECT_EQ(cs::join_dir_path("c\0b\0"s, false, "x"), ".../b/c/x");
  EXPECT_EQ(cs::join_dir_path("", false, "x"), ".../x");
}

TEST(dir_path, RelativePartIsKeptAsGiven) {
  EXPECT_EQ(cs::join_dir_path("d\0"s, true, "../e/./f"), "/d/../e/./f");
  EXPECT_EQ(cs::join_dir_path("d\0"s, true, "."), "/d/.");
}

TEST(dir_path, ToleratesAMissingLastNulAndStrayRootNames) {
  EXPECT_EQ(cs::join_dir_path("c\0b"s, true, "x"), "/b/c/x");
  EXPECT_EQ(cs::join_dir_path("c\0/\0\0"s, true, "x"), "/c/x");
}

TEST(dir_path, NamesAreBytesNotText) {
  EXPECT_EQ(cs::join_dir_path("new\nline\0"s, true, "\x1b"), "/new\nline/\x1b");
}

}  // namespace
