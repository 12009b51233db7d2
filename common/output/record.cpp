#include "common/output/record.h"

#include <algorithm>
#include <cstdio>

#include "common/output/clock.h"
#include "common/output/escape.h"
#include "common/output/json.h"

namespace cs {

size_t display_width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

namespace {

void appendf(std::string& dst, const char* fmt, auto... args) {
  char tmp[64];
  int n = std::snprintf(tmp, sizeof tmp, fmt, args...);
  if (n > 0) dst.append(tmp, std::min<size_t>(n, sizeof tmp - 1));
}

void append_number(std::string& dst, const Column& c, const Value& v) {
  const char* fmt;
  bool neg = v.kind == Value::Kind::Int && v.i < 0;
  unsigned long long mag = v.kind == Value::Kind::Int ? (neg ? 0ULL - static_cast<uint64_t>(v.i)
                                                             : static_cast<uint64_t>(v.i))
                                                      : v.u;
  switch (c.base) {
    case 'o': fmt = c.zero_pad ? "%0*llo" : "%llo"; break;
    case 'x': fmt = c.zero_pad ? "%0*llx" : "%llx"; break;
    default: fmt = c.zero_pad ? "%0*llu" : "%llu"; break;
  }
  if (neg) dst.push_back('-');
  if (c.zero_pad) appendf(dst, fmt, c.width - (neg ? 1 : 0), mag);
  else appendf(dst, fmt, mag);
}

void append_list(std::string& dst, const Column& c, const Value& v) {
  for (size_t i = 0; i < v.list.size(); i++) {
    if (i) dst.push_back(' ');
    if (c.quote) dst.push_back('"');
    append_text_escaped(dst, v.list[i]);
    if (c.quote) dst.push_back('"');
  }
  if (v.more) dst += v.list.empty() ? "..." : " ...";
}

// Pads the text appended since `start` to the column's width.
void pad(std::string& dst, size_t start, const Column& c) {
  size_t w = display_width(std::string_view(dst).substr(start));
  if (w >= static_cast<size_t>(c.width)) return;
  if (c.right) dst.insert(start, c.width - w, ' ');
  else dst.append(c.width - w, ' ');
}

// The text columns of a row (not those shown below it), gap-separated.
void append_cells(std::string& dst, const Record& r, const Row& row) {
  bool first = true;
  for (size_t i = 0; i < r.size(); i++) {
    const Column& c = r[i];
    if (!c.text || c.below) continue;
    if (!first) dst.append(c.gap, ' ');
    first = false;
    dst += c.prefix;
    append_cell(dst, c, row[i]);
    dst += c.suffix;
  }
}

void append_headers(std::string& dst, const Record& r) {
  bool first = true;
  for (const Column& c : r.columns()) {
    if (!c.text || c.below) continue;
    if (!first) dst.append(c.gap, ' ');
    first = false;
    size_t start = dst.size();
    if (c.nested && c.header.empty()) append_headers(dst, *c.nested);
    else dst += c.header;
    pad(dst, start, c);
  }
}

// A below column's lines.
void append_below(std::string& dst, const Column& c, const Value& v) {
  auto line = [&](const Value& one) {
    dst += c.prefix;
    append_cell(dst, c, one);
    dst += c.suffix;
    dst.push_back('\n');
  };
  if (v.kind == Value::Kind::TextList) {
    for (std::string_view item : v.list) line(Value(item));
  } else if (!v.none()) {
    line(v);
  }
}

}  // namespace

void append_cell(std::string& dst, const Column& c, const Value& v) {
  size_t start = dst.size();
  switch (v.kind) {
    case Value::Kind::None: dst += c.none; break;
    case Value::Kind::Int:
    case Value::Kind::UInt: append_number(dst, c, v); break;
    case Value::Kind::Real: appendf(dst, "%.*f", c.precision, v.d); break;
    case Value::Kind::Bool: dst += v.b ? "1" : "0"; break;  // bcc: AUDIT, INSETID
    case Value::Kind::Text: append_text_escaped(dst, v.s); break;
    case Value::Kind::TextList: append_list(dst, c, v); break;
    case Value::Kind::WallTime: dst += wall_hms(v.u); break;
    case Value::Kind::Elapsed: appendf(dst, "%.*f", c.precision, seconds_since_start(v.u)); break;
    case Value::Kind::Object:
      if (c.nested && v.row) append_cells(dst, *c.nested, *v.row);
      break;
  }
  pad(dst, start, c);
}

void append_text_header(std::string& dst, const Record& r) {
  append_headers(dst, r);
  dst.push_back('\n');
}

void append_text_row(std::string& dst, const Record& r, const Row& row) {
  append_cells(dst, r, row);
  dst.push_back('\n');
  for (size_t i = 0; i < r.size(); i++)
    if (r[i].text && r[i].below) append_below(dst, r[i], row[i]);
}

void write_json_value(JsonWriter& w, const Value& v) {
  switch (v.kind) {
    case Value::Kind::None: w.null(); break;
    case Value::Kind::Int: w.value(v.i); break;
    case Value::Kind::UInt: w.value(v.u); break;
    case Value::Kind::Real: w.value(v.d); break;
    case Value::Kind::Bool: w.value(v.b); break;
    case Value::Kind::Text: w.value(v.s); break;
    case Value::Kind::TextList:
      w.begin_array();
      for (std::string_view s : v.list) w.value(s);
      w.end();
      break;
    case Value::Kind::WallTime: w.value(wall_hms(v.u)); break;
    case Value::Kind::Elapsed: w.value(seconds_since_start(v.u)); break;
    case Value::Kind::Object: w.null(); break;  // without its record: see write_json_members
  }
}

void write_json_members(JsonWriter& w, const Record& r, const Row& row) {
  for (size_t i = 0; i < r.size(); i++) {
    const Column& c = r[i];
    const Value& v = row[i];
    bool object = v.kind == Value::Kind::Object && c.nested && v.row;
    if (c.key.empty()) {
      if (object) write_json_members(w, *c.nested, *v.row);  // its members are the row's
      continue;
    }
    w.key(c.key);
    if (!object) {
      write_json_value(w, v);
      continue;
    }
    w.begin_object();
    write_json_members(w, *c.nested, *v.row);
    w.end();
  }
}

}  // namespace cs
