#include "common/output/json.h"

#include <cmath>
#include <cstdio>

#include "common/output/escape.h"

namespace cs {

void append_json_string(std::string& dst, std::string_view v) {
  dst.push_back('"');
  append_json_escaped(dst, v);
  dst.push_back('"');
}

void JsonWriter::separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (open_.empty()) return;
  if (!open_.back().empty) out_.push_back(',');
  open_.back().empty = false;
}

JsonWriter& JsonWriter::begin_object() {
  separate();
  out_.push_back('{');
  open_.push_back({'}'});
  return *this;
}

JsonWriter& JsonWriter::begin_object(std::string_view k) { return key(k).begin_object(); }

JsonWriter& JsonWriter::begin_array() {
  separate();
  out_.push_back('[');
  open_.push_back({']'});
  return *this;
}

JsonWriter& JsonWriter::begin_array(std::string_view k) { return key(k).begin_array(); }

JsonWriter& JsonWriter::end() {
  out_.push_back(open_.back().close);
  open_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  append_json_string(out_, k);
  out_.push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::value(int64_t v) {
  separate();
  char tmp[24];
  int n = std::snprintf(tmp, sizeof tmp, "%lld", static_cast<long long>(v));
  out_.append(tmp, n);
  return *this;
}

JsonWriter& JsonWriter::value(uint64_t v) {
  separate();
  char tmp[24];
  int n = std::snprintf(tmp, sizeof tmp, "%llu", static_cast<unsigned long long>(v));
  out_.append(tmp, n);
  return *this;
}

JsonWriter& JsonWriter::value(double v) {
  separate();
  if (!std::isfinite(v)) {
    out_ += "null";
    return *this;
  }
  char tmp[32];
  int n = std::snprintf(tmp, sizeof tmp, "%.9g", v);
  out_.append(tmp, n);
  return *this;
}

JsonWriter& JsonWriter::value(bool v) {
  separate();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::value(std::string_view v) {
  separate();
  append_json_string(out_, v);
  return *this;
}

JsonWriter& JsonWriter::null() {
  separate();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_ += json;
  return *this;
}

std::string json_string_array(const std::string_view* items, size_t n) {
  std::string r;
  JsonWriter w(r);
  w.begin_array();
  for (size_t i = 0; i < n; i++) w.value(items[i]);
  w.end();
  return r;
}

}  // namespace cs
