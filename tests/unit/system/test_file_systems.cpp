// File system types picked by a tool's name and found in /proc/filesystems.
#include <gtest/gtest.h>

#include "common/system/file_systems.h"

namespace {

TEST(file_systems, AliasNamesPickTheirType) {
  EXPECT_EQ(cs::fs_of_tool_name("xfsslower", "slower"), "xfs");
  EXPECT_EQ(cs::fs_of_tool_name("ext4dist", "dist"), "ext4");
  EXPECT_EQ(cs::fs_of_tool_name("fsslower", "slower"), "");
  EXPECT_EQ(cs::fs_of_tool_name("slower", "slower"), "");
  EXPECT_EQ(cs::fs_of_tool_name("fsdist", "slower"), "");
}

TEST(file_systems, ProcFilesystemsLinesWithAndWithoutNodev) {
  const char* text = "nodev\tsysfs\nnodev\tproc\n\text4\n\txfs\nnodev\tnfs4\n";
  EXPECT_TRUE(cs::filesystems_list(text, "ext4"));
  EXPECT_TRUE(cs::filesystems_list(text, "xfs"));
  EXPECT_TRUE(cs::filesystems_list(text, "proc"));
  EXPECT_FALSE(cs::filesystems_list(text, "nfs"));
  EXPECT_FALSE(cs::filesystems_list(text, "ext"));
  EXPECT_FALSE(cs::filesystems_list(text, "nodev"));
  EXPECT_TRUE(cs::filesystems_list("\tbtrfs", "btrfs"));
  EXPECT_FALSE(cs::filesystems_list("", "btrfs"));
}

}  // namespace
