#include "common/output/escape.h"

#include <cstdio>

namespace cs {

size_t utf8_sequence_length(std::string_view s) {
  if (s.empty()) return 0;
  auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t len;
  unsigned min;
  if ((c & 0xE0) == 0xC0) { len = 2; min = 0x80; }
  else if ((c & 0xF0) == 0xE0) { len = 3; min = 0x800; }
  else if ((c & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
  else return 0;
  if (s.size() < len) return 0;
  unsigned cp = c & (0x7F >> len);
  for (size_t i = 1; i < len; i++) {
    if ((b(i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  // Reject overlong forms, UTF-16 surrogates and values past U+10FFFF.
  if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return len;
}

static void append_hex(std::string& dst, const char* prefix, unsigned v, int digits) {
  char tmp[16];
  std::snprintf(tmp, sizeof tmp, "%s%0*X", prefix, digits, v);
  dst += tmp;
}

// Length of the run at the start of s of printable ASCII bytes other than
// the backslash and `quote` (0 for none): the bytes both escapers copy as they are.
static size_t plain_run(std::string_view s, char quote) {
  size_t n = 0;
  while (n < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[n]);
    if (c < 0x20 || c >= 0x7F || c == '\\' || (quote && c == static_cast<unsigned char>(quote))) break;
    n++;
  }
  return n;
}

void append_text_escaped(std::string& dst, std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t run = plain_run(s.substr(i), 0);
    dst.append(s.data() + i, run);
    i += run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '\\') dst += "\\\\";
      else dst.push_back(static_cast<char>(c));
      i++;
      continue;
    }
    switch (c) {
      case '\n': dst += "\\n"; i++; continue;
      case '\t': dst += "\\t"; i++; continue;
      case '\r': dst += "\\r"; i++; continue;
      case 0x1B: dst += "\\e"; i++; continue;
      default: break;
    }
    if (c >= 0x80) {
      size_t n = utf8_sequence_length(s.substr(i));
      if (n > 0) {
        dst.append(s.substr(i, n));
        i += n;
        continue;
      }
    }
    append_hex(dst, "\\x", c, 2);
    i++;
  }
}

std::string text_escaped(std::string_view s) {
  std::string r;
  append_text_escaped(r, s);
  return r;
}

void append_json_escaped(std::string& dst, std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    size_t run = plain_run(s.substr(i), '"');
    dst.append(s.data() + i, run);
    i += run;
    if (i == s.size()) break;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      size_t n = utf8_sequence_length(s.substr(i));
      if (n > 0) {
        dst.append(s.substr(i, n));
        i += n;
      } else {
        char esc[8];  // surrogateescape: U+DC80..U+DCFF carry the byte
        std::snprintf(esc, sizeof esc, "\\udc%02x", c);
        dst += esc;
        i++;
      }
      continue;
    }
    switch (c) {
      case '"': dst += "\\\""; break;
      case '\\': dst += "\\\\"; break;
      case '\n': dst += "\\n"; break;
      case '\t': dst += "\\t"; break;
      case '\r': dst += "\\r"; break;
      case '\b': dst += "\\b"; break;
      case '\f': dst += "\\f"; break;
      default:
        if (c < 0x20 || c == 0x7F) append_hex(dst, "\\u", c, 4);
        else dst.push_back(static_cast<char>(c));
    }
    i++;
  }
}

}  // namespace cs
