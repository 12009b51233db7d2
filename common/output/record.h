// A record type described once: its columns, each with a text header,
// width, alignment and JSON key.  Sinks (output/sink.h) render the same
// description as text columns, as JSON objects, and more.
//
//   enum { kPid, kComm, kRet };
//   cs::Record rec({
//       {.header = "PID", .key = "pid", .width = 6},
//       {.header = "COMM", .key = "comm", .width = 16},
//       {.header = "RET", .key = "ret", .width = 3, .right = true},
//   });
//   cs::Row row(rec);
//   row[kPid] = e.pid; row[kComm] = comm; row[kRet] = e.ret;
//   cs::sink().event(rec, row);     // "1234   bash               0" or {"type":"event",...}
//
// Text: columns are separated by `gap` spaces (1), padded to `width` by
// printed width (untrusted text is escaped first), and a column with
// `text = false` exists in JSON only (a flag such as -T shows it in text).
//
// A column can hold a row of another record (Value::object, the column's
// `nested` record): JSON nests its keyed members as an object, or, for a
// column without a key, adds them to the row's own; text shows its text
// columns in the cell (their header in the header line), padded as one.
// A `below` column is shown in text on lines of its own under the row: a
// TextList one item per line, a nested row as one line, nothing when absent.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/output/value.h"

namespace cs {

class Record;

struct Column {
  std::string_view header{};  // text header ("PID")
  std::string_view key{};     // JSON member ("pid"); empty: text only
  int width = 0;            // text: at least this many columns
  bool right = false;       // text: right-aligned
  bool text = true;         // shown in text (JSON shows every keyed column)
  int precision = 3;        // text: digits after the point (Real, Elapsed)
  char base = 'd';          // text: 'd' decimal, 'o' octal, 'x' hex (Int, UInt)
  bool zero_pad = false;    // text: pad numbers with zeros ("%08o")
  bool quote = false;       // text: TextList items in double quotes
  int gap = 1;              // text: spaces before this column (not the first shown)
  std::string_view prefix{}, suffix{};  // text: around the value (sentence layouts)
  std::string_view none = "-";  // text for an absent value
  const Record* nested = nullptr;  // Object values: their record
  bool below = false;       // text: under the row, not in it
};

class Record {
 public:
  Record(std::initializer_list<Column> cols, std::string_view type = "event")
      : cols_(cols), type_(type) {}
  const std::vector<Column>& columns() const { return cols_; }
  Column& operator[](size_t i) { return cols_[i]; }
  const Column& operator[](size_t i) const { return cols_[i]; }
  size_t size() const { return cols_.size(); }
  // JSON "type" of its lines: "event" unless a tool says otherwise.
  std::string_view type() const { return type_; }

 private:
  std::vector<Column> cols_;
  std::string_view type_;
};

// The values of one record, in column order; absent ones render as `none`.
class Row {
 public:
  explicit Row(const Record& r) : values_(r.size()) {}
  Value& operator[](size_t i) { return values_[i]; }
  const Value& operator[](size_t i) const { return values_[i]; }
  size_t size() const { return values_.size(); }
  void clear() {
    for (Value& v : values_) v = Value();
  }

 private:
  std::vector<Value> values_;
};

// Text rendering, for sinks and for tools' own layouts.
void append_cell(std::string& dst, const Column& c, const Value& v);
void append_text_header(std::string& dst, const Record& r);
void append_text_row(std::string& dst, const Record& r, const Row& row);
// The members of a row's keyed columns, into an open JSON object.
class JsonWriter;
void write_json_members(JsonWriter& w, const Record& r, const Row& row);
void write_json_value(JsonWriter& w, const Value& v);

// Columns a string takes on a terminal: its UTF-8 code points (text from
// append_text_escaped is ASCII or valid UTF-8).
size_t display_width(std::string_view s);

}  // namespace cs
