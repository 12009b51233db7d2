// The nesting JSON writer: commas, colons, nesting, every value kind.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/output/json.h"
#include "json_value.h"

namespace {

TEST(json_writer, NestsObjectsAndArrays) {
  std::string s;
  cs::JsonWriter w(s);
  w.begin_object().member("type", "event").member("n", 3u);
  w.begin_array("a").value(1).begin_object().member("x", -2).end().begin_array().end().end();
  w.begin_object("o").key("k").null().end();
  w.end();
  EXPECT_EQ(s, R"({"type":"event","n":3,"a":[1,{"x":-2},[]],"o":{"k":null}})");
  EXPECT_EQ(w.depth(), 0u);
  auto v = cstest::parse_json(s);
  ASSERT_TRUE(v) << s;
  EXPECT_EQ((*v)["a"][1]["x"].num, -2);
}

TEST(json_writer, ValueKinds) {
  std::string s;
  cs::JsonWriter w(s);
  w.begin_array()
      .value(int64_t{-9223372036854775807 - 1})
      .value(uint64_t{18446744073709551615u})
      .value(0.5)
      .value(std::nan(""))
      .value(true)
      .value(false)
      .value("q\"\n")
      .raw("{}")
      .end();
  EXPECT_EQ(s, R"([-9223372036854775808,18446744073709551615,0.5,null,true,false,"q\"\n",{}])");
}

TEST(json_writer, ContinuesFromAnotherWritersState) {
  std::string a;
  cs::JsonWriter w(a);
  w.begin_object().member("x", 1);
  std::string b = a;
  cs::JsonWriter w2(b, w);
  w2.member("y", 2).end();
  EXPECT_EQ(b, R"({"x":1,"y":2})");
}

}  // namespace
