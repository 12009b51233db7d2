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

void Json::key(std::string_view k) {
  if (!first_) s_.push_back(',');
  first_ = false;
  append_json_string(s_, k);
  s_.push_back(':');
}

Json& Json::num(std::string_view k, int64_t v) {
  key(k);
  s_ += std::to_string(v);
  return *this;
}

Json& Json::unum(std::string_view k, uint64_t v) {
  key(k);
  s_ += std::to_string(v);
  return *this;
}

Json& Json::real(std::string_view k, double v) {
  key(k);
  if (!std::isfinite(v)) {
    s_ += "null";
    return *this;
  }
  char tmp[64];
  std::snprintf(tmp, sizeof tmp, "%.9g", v);
  s_ += tmp;
  return *this;
}

Json& Json::str(std::string_view k, std::string_view v) {
  key(k);
  append_json_string(s_, v);
  return *this;
}

Json& Json::boolean(std::string_view k, bool v) {
  key(k);
  s_ += v ? "true" : "false";
  return *this;
}

Json& Json::null(std::string_view k) {
  key(k);
  s_ += "null";
  return *this;
}

Json& Json::raw(std::string_view k, std::string_view json) {
  key(k);
  s_ += json;
  return *this;
}

const std::string& Json::end() {
  s_ += "}\n";
  return s_;
}

std::string json_string_array(const std::string_view* items, size_t n) {
  std::string r = "[";
  for (size_t i = 0; i < n; i++) {
    if (i) r.push_back(',');
    append_json_string(r, items[i]);
  }
  r.push_back(']');
  return r;
}

}  // namespace cs
