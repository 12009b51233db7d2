// One JSON object per line (NDJSON), built straight into a string.
//
//   cs::Json j;
//   j.num("pid", 42).str("comm", comm).end();   // -> {"pid":42,"comm":"..."}
//   out().put(j.text());
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace cs {

class Json {
 public:
  Json() { s_.push_back('{'); }
  Json& num(std::string_view key, int64_t v);
  Json& unum(std::string_view key, uint64_t v);
  Json& real(std::string_view key, double v);
  Json& str(std::string_view key, std::string_view v);
  Json& boolean(std::string_view key, bool v);
  Json& null(std::string_view key);
  // Already-rendered JSON (an array or nested object).
  Json& raw(std::string_view key, std::string_view json);
  // Closes the object and adds the newline; returns the finished line.
  const std::string& end();
  const std::string& text() const { return s_; }

 private:
  void key(std::string_view k);
  std::string s_;
  bool first_ = true;
};

// A JSON array of strings / numbers, rendered for Json::raw.
std::string json_string_array(const std::string_view* items, size_t n);
void append_json_string(std::string& dst, std::string_view v);

}  // namespace cs
