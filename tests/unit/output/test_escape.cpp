#include <gtest/gtest.h>

#include "common/output/escape.h"
#include "common/output/json.h"
#include "json_value.h"

namespace {

TEST(escape, TextKeepsPrintableAndUtf8) {
  EXPECT_EQ(cs::text_escaped("ls -l /tmp"), "ls -l /tmp");
  EXPECT_EQ(cs::text_escaped("caf\xC3\xA9 \xE2\x9C\x93"), "caf\xC3\xA9 \xE2\x9C\x93");
}

TEST(escape, TextEscapesControlBytesAndBackslash) {
  EXPECT_EQ(cs::text_escaped("\x1b[31mred\nx\ty\r"), "\\e[31mred\\nx\\ty\\r");
  EXPECT_EQ(cs::text_escaped(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(cs::text_escaped("\x7f"), "\\x7F");
  EXPECT_EQ(cs::text_escaped("C:\\dir"), "C:\\\\dir");
}

TEST(escape, TextEscapesInvalidUtf8BytewiseIncludingOverlongAndSurrogates) {
  EXPECT_EQ(cs::text_escaped("\xff"), "\\xFF");
  EXPECT_EQ(cs::text_escaped("\xC0\xAF"), "\\xC0\\xAF");          // overlong '/'
  EXPECT_EQ(cs::text_escaped("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // surrogate
  EXPECT_EQ(cs::text_escaped("\xE2\x9C"), "\\xE2\\x9C");          // truncated
  EXPECT_EQ(cs::text_escaped("\xF4\x90\x80\x80"), "\\xF4\\x90\\x80\\x80");  // > U+10FFFF
}

TEST(escape, JsonAlwaysParsesAndRoundTripsValidText) {
  std::string nasty = std::string("q\"b\\s/\x01\x1b[0m\n\t\x7f", 16) + "\xC3\xA9";
  std::string line = cs::Json().str("s", nasty).end();
  EXPECT_EQ(line.back(), '\n');
  auto v = cstest::parse_json(line);
  ASSERT_TRUE(v) << line;
  EXPECT_EQ((*v)["s"].str, nasty);
}

TEST(escape, JsonKeepsInvalidUtf8Recoverable) {
  std::string line = cs::Json().str("s", "a\xff" "b\xC0\xAF\xC3\xA9").end();
  EXPECT_NE(line.find("a\\udcffb\\udcc0\\udcaf\xC3\xA9"), std::string::npos) << line;
  auto v = cstest::parse_json(line);
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)["s"].str, "a\xff" "b\xC0\xAF\xC3\xA9");  // the exact bytes back
}

TEST(json, BuildsObjectsWithAllValueKinds) {
  std::string_view arr[] = {"x", "y z"};
  std::string line = cs::Json()
                         .num("n", -5)
                         .unum("u", 18446744073709551615ull)
                         .real("r", 1.5)
                         .boolean("b", true)
                         .null("z")
                         .raw("a", cs::json_string_array(arr, 2))
                         .end();
  EXPECT_EQ(line,
            "{\"n\":-5,\"u\":18446744073709551615,\"r\":1.5,\"b\":true,\"z\":null,"
            "\"a\":[\"x\",\"y z\"]}\n");
  EXPECT_TRUE(cstest::parse_json(line));
}

TEST(json, NonFiniteNumbersBecomeNull) {
  auto v = cstest::parse_json(cs::Json().real("r", 1.0 / 0.0).end());
  ASSERT_TRUE(v);
  EXPECT_EQ((*v)["r"].kind, cstest::JsonValue::Null);
}

}  // namespace
