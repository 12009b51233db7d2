// Rows that print alike, merged; the identities that tell rows apart.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/summaries/merge_alike.h"

namespace {

TEST(merge_alike, MergeAlikeSumsRowsThatPrintTheSame) {
  struct Row {
    std::string text;
    uint64_t count;
  };
  std::vector<Row> rows{{"a", 5}, {"b", 4}, {"a", 3}, {"c", 8}, {"b", 1}};
  cs::merge_alike(rows, [](const Row& r) { return r.text; }, &Row::count);
  ASSERT_EQ(rows.size(), 3u);
  // a: 5+3, c: 8 (a tie: a was first), b: 4+1.
  EXPECT_EQ(rows[0].text, "a");
  EXPECT_EQ(rows[0].count, 8u);
  EXPECT_EQ(rows[1].text, "c");
  EXPECT_EQ(rows[1].count, 8u);
  EXPECT_EQ(rows[2].text, "b");
  EXPECT_EQ(rows[2].count, 5u);
}

TEST(merge_alike, IdentityTellsPartsApart) {
  auto id = [](std::initializer_list<cs::StackPart> parts) {
    std::string s;
    for (const cs::StackPart& p : parts) cs::append_identity(s, p);
    return s;
  };
  cs::StackPart none, empty_shown, ab, a_b;
  empty_shown.shown = ab.shown = a_b.shown = true;
  ab.frames = {"ab"};
  a_b.frames = {"a", "b"};
  EXPECT_NE(id({none}), id({empty_shown}));
  EXPECT_NE(id({ab}), id({a_b}));
  EXPECT_NE(id({ab, none}), id({none, ab}));  // user and kernel halves stay apart
  EXPECT_EQ(id({a_b, ab}), id({a_b, ab}));
}

}  // namespace
