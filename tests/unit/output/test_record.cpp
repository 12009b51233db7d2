// Records described once: text columns (widths, alignment, escaping, formats)
// and the same row as a JSON object.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "common/output/json.h"
#include "common/output/record.h"
#include "json_value.h"

namespace {

enum { kPid, kComm, kRet, kArgs, kFlags, kSecret };

cs::Record sample() {
  return cs::Record({
      {.header = "PID", .key = "pid", .width = 6},
      {.header = "COMM", .key = "comm", .width = 8},
      {.header = "RET", .key = "ret", .width = 3, .right = true},
      {.header = "ARGS", .key = "args", .quote = true},
      {.header = "FLAGS", .key = "flags", .width = 8, .base = 'o', .zero_pad = true},
      {.header = "X", .key = "x", .text = false},
  });
}

TEST(record, TextHeaderAndRowLineUp) {
  cs::Record r = sample();
  r[kFlags].text = false;
  cs::Row row(r);
  std::string_view args[] = {"a b", "c"};
  row[kPid] = 42u;
  row[kComm] = "sh";
  row[kRet] = -2;
  row[kArgs] = cs::Value(args, true);
  std::string t;
  cs::append_text_header(t, r);
  cs::append_text_row(t, r, row);
  EXPECT_EQ(t,
            "PID    COMM     RET ARGS\n"
            "42     sh        -2 \"a b\" \"c\" ...\n");
}

TEST(record, UntrustedTextEscapedAndPaddedByPrintedWidth) {
  cs::Record r({{.header = "COMM", .key = "comm", .width = 6}, {.header = "END", .key = "end"}});
  cs::Row row(r);
  row[0] = "\xC3\xA9t\xC3\xA9";  // 3 columns, 5 bytes
  row[1] = 1;
  std::string t;
  cs::append_text_row(t, r, row);
  EXPECT_EQ(t, "\xC3\xA9t\xC3\xA9    1\n");
  row[0] = "a\x1b" "b";
  t.clear();
  cs::append_text_row(t, r, row);
  EXPECT_EQ(t, "a\\eb   1\n");
}

TEST(record, NumberFormatsAndAbsentValues) {
  cs::Record r({{.header = "F", .key = "f", .width = 8, .base = 'o', .zero_pad = true},
                {.header = "H", .key = "h", .base = 'x'},
                {.header = "R", .key = "r", .width = 7, .right = true, .precision = 2},
                {.header = "N", .key = "n", .none = "?"}});
  cs::Row row(r);
  row[0] = 0101u;
  row[1] = 255u;
  row[2] = 3.14159;
  std::string t;
  cs::append_text_row(t, r, row);
  EXPECT_EQ(t, "00000101 ff    3.14 ?\n");
}

TEST(record, JsonHasEveryKeyedColumnTextOnlyOrNot) {
  cs::Record r = sample();
  cs::Row row(r);
  std::string_view args[] = {"x\xff"};
  row[kPid] = 7u;
  row[kComm] = "c";
  row[kRet] = 0;
  row[kArgs] = cs::Value(args);
  row[kFlags] = 8u;
  std::string s;
  cs::JsonWriter w(s);
  w.begin_object();
  cs::write_json_members(w, r, row);
  w.end();
  EXPECT_EQ(s, R"({"pid":7,"comm":"c","ret":0,"args":["x\udcff"],"flags":8,"x":null})");
  auto v = cstest::parse_json(s);
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)["args"][0].str, "x\xff");
}

TEST(record, DisplayWidthCountsCodePoints) {
  EXPECT_EQ(cs::display_width(""), 0u);
  EXPECT_EQ(cs::display_width("abc"), 3u);
  EXPECT_EQ(cs::display_width("\xC3\xA9\xE2\x82\xAC"), 2u);
}

}  // namespace
