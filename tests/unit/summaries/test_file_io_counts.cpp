// The read and write cell of filetop and dirtop: their text columns and the
// JSON members it adds to the row.
#include <gtest/gtest.h>

#include <string>

#include "common/output/json.h"
#include "common/output/record.h"
#include "common/summaries/file_io_counts.h"

namespace {

// dirtop's widths: KiB rounded down, the bytes kept for JSON only.
TEST(file_io_counts, TextColumnsAsTheToolsPrintThem) {
  cs::FileIoCounts counts(8);
  cs::Record rec({{.nested = &counts.record()}, {.header = "PATH", .key = "path"}});
  std::string text;
  cs::append_text_header(text, rec);
  for (uint64_t kib : {0, 4}) {
    cs::Row row(rec);
    row[0] = counts.add(2, 3, kib * 1024 + 1000, 2047);
    row[1] = "/tmp";
    cs::append_text_row(text, rec, row);
  }
  counts.clear();
  EXPECT_EQ(text, "READS  WRITES R_Kb     W_Kb     PATH\n"
                  "2      3      0        1        /tmp\n"
                  "2      3      4        1        /tmp\n");
}

TEST(file_io_counts, JsonHasTheBytes) {
  cs::FileIoCounts counts(7);
  cs::Record rec({{.header = "TID", .key = "tid"}, {.nested = &counts.record()}});
  cs::Row row(rec);
  row[0] = 7;
  row[1] = counts.add(1, 0, 100, 0);
  std::string out;
  cs::JsonWriter w(out);
  w.begin_object();
  cs::write_json_members(w, rec, row);
  w.end();
  EXPECT_EQ(out, R"({"tid":7,"reads":1,"writes":0,"read_bytes":100,"write_bytes":0})");
}

}  // namespace
