// Comma-separated list values: what is refused, and how a list splits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/cli/list_text.h"

namespace {

using cs::check_list_text;
using cs::split_list;
using Items = std::vector<std::string>;

TEST(list_text, ListsWithoutEmptyItemsPass) {
  EXPECT_EQ(check_list_text("a"), "");
  EXPECT_EQ(check_list_text("ext4,xfs"), "");
  EXPECT_EQ(check_list_text(" , "), "");
}

TEST(list_text, EmptyItemsAreNamed) {
  EXPECT_EQ(check_list_text(""), "empty value");
  EXPECT_EQ(check_list_text("a,,b"), "empty item in the list 'a,,b'");
  EXPECT_EQ(check_list_text(",a"), "empty item in the list ',a'");
  EXPECT_EQ(check_list_text("a,"), "empty item in the list 'a,'");
  EXPECT_EQ(check_list_text(","), "empty item in the list ','");
}

TEST(list_text, SplitKeepsEveryItemInOrder) {
  EXPECT_EQ(split_list("a"), Items{"a"});
  EXPECT_EQ(split_list("ext4,xfs,btrfs"), (Items{"ext4", "xfs", "btrfs"}));
  EXPECT_EQ(split_list("a,,b"), (Items{"a", "", "b"}));
  EXPECT_EQ(split_list(","), (Items{"", ""}));
  EXPECT_EQ(split_list(""), Items{""});
}

}  // namespace
