// JSON written straight into a string, nesting objects and arrays.
//
//   std::string line;
//   cs::JsonWriter w(line);
//   w.begin_object().member("type", "event").member("pid", 42u);
//   w.begin_array("args").value("a").value("b").end();
//   w.end();                                   // {"type":"event","pid":42,"args":["a","b"]}
//
// The writer places commas and colons; the caller opens and closes.  Strings
// are untrusted bytes: control characters are escaped, and each byte of an
// invalid UTF-8 sequence becomes the lone surrogate U+DC80+byte ("\udcXX"),
// Python's "surrogateescape" convention, so the exact bytes can be recovered
// (docs/json.md says how) while the line stays one parseable JSON value.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}
  // Carries on where `state` stands, writing into `out` (a copy of its text).
  JsonWriter(std::string& out, const JsonWriter& state)
      : out_(out), open_(state.open_), after_key_(state.after_key_) {}

  JsonWriter& begin_object();
  JsonWriter& begin_object(std::string_view key);
  JsonWriter& begin_array();
  JsonWriter& begin_array(std::string_view key);
  JsonWriter& end();  // closes the innermost object or array
  size_t depth() const { return open_.size(); }

  // A member's name; the next value (or begin_*) is its value.
  JsonWriter& key(std::string_view k);

  JsonWriter& value(int64_t v);
  JsonWriter& value(uint64_t v);
  JsonWriter& value(int v) { return value(static_cast<int64_t>(v)); }
  JsonWriter& value(unsigned v) { return value(static_cast<uint64_t>(v)); }
  JsonWriter& value(double v);  // not finite: null
  JsonWriter& value(bool v);
  JsonWriter& value(std::string_view v);
  JsonWriter& value(const char* v) { return value(std::string_view(v)); }
  JsonWriter& null();
  // Already-rendered JSON.
  JsonWriter& raw(std::string_view json);

  template <class T>
  JsonWriter& member(std::string_view k, T v) {
    key(k);
    return value(v);
  }

 private:
  struct Open {
    char close;          // '}' or ']'
    bool empty = true;   // nothing written in it yet
  };
  void separate();  // a comma before every element but the first
  std::string& out_;
  std::vector<Open> open_;
  bool after_key_ = false;
};

// A quoted JSON string in the convention above.
void append_json_string(std::string& dst, std::string_view v);

// One flat object per line, for the frontends not yet on records and reports
// (output/record.h, output/report.h); goes away with the last of them.
class Json {
 public:
  Json() : w_(s_) { w_.begin_object(); }
  Json(const Json& o) : s_(o.s_), w_(s_, o.w_) {}
  Json& num(std::string_view k, int64_t v) { w_.member(k, v); return *this; }
  Json& unum(std::string_view k, uint64_t v) { w_.member(k, v); return *this; }
  Json& real(std::string_view k, double v) { w_.member(k, v); return *this; }
  Json& str(std::string_view k, std::string_view v) { w_.member(k, v); return *this; }
  Json& boolean(std::string_view k, bool v) { w_.member(k, v); return *this; }
  Json& null(std::string_view k) { w_.key(k).null(); return *this; }
  Json& raw(std::string_view k, std::string_view json) { w_.key(k).raw(json); return *this; }
  const std::string& end() { w_.end(); s_ += '\n'; return s_; }
  const std::string& text() const { return s_; }

 private:
  std::string s_;
  JsonWriter w_;
};

// A JSON array of strings, rendered for Json::raw.
std::string json_string_array(const std::string_view* items, size_t n);

}  // namespace cs
