#include "json_value.h"

#include <cstdlib>
#include <stdexcept>

namespace cstest {

namespace {

struct Parser {
  const std::string& s;
  size_t i = 0;

  [[noreturn]] void bad(const std::string& what) {
    throw std::runtime_error(what + " at offset " + std::to_string(i));
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
  }
  bool eat(const char* lit) {
    size_t n = std::char_traits<char>::length(lit);
    if (s.compare(i, n, lit) != 0) return false;
    i += n;
    return true;
  }
  static void put_utf8(std::string& o, unsigned cp) {
    if (cp < 0x80) o += char(cp);
    else if (cp < 0x800) { o += char(0xC0 | cp >> 6); o += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) {
      o += char(0xE0 | cp >> 12); o += char(0x80 | ((cp >> 6) & 0x3F)); o += char(0x80 | (cp & 0x3F));
    } else {
      o += char(0xF0 | cp >> 18); o += char(0x80 | ((cp >> 12) & 0x3F));
      o += char(0x80 | ((cp >> 6) & 0x3F)); o += char(0x80 | (cp & 0x3F));
    }
  }
  unsigned hex4() {
    if (i + 4 > s.size()) bad("short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
      char c = s[i++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= c - '0';
      else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
      else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
      else bad("bad hex digit");
    }
    return v;
  }
  std::string string() {
    if (s[i] != '"') bad("expected string");
    i++;
    std::string o;
    while (true) {
      if (i >= s.size()) bad("unterminated string");
      unsigned char c = s[i];
      if (c == '"') { i++; return o; }
      if (c < 0x20) bad("raw control byte in string");
      if (c == '\\') {
        i++;
        if (i >= s.size()) bad("bad escape");
        char e = s[i++];
        switch (e) {
          case '"': o += '"'; break;
          case '\\': o += '\\'; break;
          case '/': o += '/'; break;
          case 'b': o += '\b'; break;
          case 'f': o += '\f'; break;
          case 'n': o += '\n'; break;
          case 'r': o += '\r'; break;
          case 't': o += '\t'; break;
          case 'u': {
            unsigned cp = hex4();
            if (cp >= 0xD800 && cp < 0xDC00) {
              if (!eat("\\u")) bad("lone high surrogate");
              unsigned lo = hex4();
              if (lo < 0xDC00 || lo > 0xDFFF) bad("bad low surrogate");
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC80 && cp <= 0xDCFF) {
              o += char(cp - 0xDC00);  // surrogateescape: the original byte
              break;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              bad("lone low surrogate");
            }
            put_utf8(o, cp);
            break;
          }
          default: bad("bad escape");
        }
        continue;
      }
      if (c >= 0x80) {  // validate UTF-8
        size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (!len || i + len > s.size()) bad("invalid UTF-8");
        for (size_t k = 1; k < len; k++)
          if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) bad("invalid UTF-8");
        o.append(s, i, len);
        i += len;
        continue;
      }
      o += char(c);
      i++;
    }
  }
  JsonValue value() {
    ws();
    if (i >= s.size()) bad("unexpected end");
    JsonValue v;
    char c = s[i];
    if (c == '{') {
      v.kind = JsonValue::Object;
      i++;
      ws();
      if (i < s.size() && s[i] == '}') { i++; return v; }
      while (true) {
        ws();
        std::string k = string();
        ws();
        if (i >= s.size() || s[i] != ':') bad("expected ':'");
        i++;
        v.fields[k] = value();
        ws();
        if (i < s.size() && s[i] == ',') { i++; continue; }
        if (i < s.size() && s[i] == '}') { i++; return v; }
        bad("expected ',' or '}'");
      }
    }
    if (c == '[') {
      v.kind = JsonValue::Array;
      i++;
      ws();
      if (i < s.size() && s[i] == ']') { i++; return v; }
      while (true) {
        v.items.push_back(value());
        ws();
        if (i < s.size() && s[i] == ',') { i++; continue; }
        if (i < s.size() && s[i] == ']') { i++; return v; }
        bad("expected ',' or ']'");
      }
    }
    if (c == '"') { v.kind = JsonValue::String; v.str = string(); return v; }
    if (eat("true")) { v.kind = JsonValue::Bool; v.b = true; return v; }
    if (eat("false")) { v.kind = JsonValue::Bool; return v; }
    if (eat("null")) return v;
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t start = i;
      if (s[i] == '-') i++;
      if (i >= s.size() || !isdigit(static_cast<unsigned char>(s[i]))) bad("bad number");
      if (s[i] == '0') i++;
      else while (i < s.size() && isdigit(static_cast<unsigned char>(s[i]))) i++;
      if (i < s.size() && s[i] == '.') {
        i++;
        if (i >= s.size() || !isdigit(static_cast<unsigned char>(s[i]))) bad("bad fraction");
        while (i < s.size() && isdigit(static_cast<unsigned char>(s[i]))) i++;
      }
      if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) i++;
        if (i >= s.size() || !isdigit(static_cast<unsigned char>(s[i]))) bad("bad exponent");
        while (i < s.size() && isdigit(static_cast<unsigned char>(s[i]))) i++;
      }
      v.kind = JsonValue::Number;
      v.num = std::strtod(s.substr(start, i - start).c_str(), nullptr);
      return v;
    }
    bad("unexpected character");
  }
};

}  // namespace

const JsonValue& JsonValue::operator[](const std::string& k) const {
  static const JsonValue null_value;
  auto it = fields.find(k);
  return it == fields.end() ? null_value : it->second;
}

std::optional<JsonValue> parse_json(const std::string& text, std::string* error) {
  Parser p{text};
  try {
    JsonValue v = p.value();
    p.ws();
    if (p.i != text.size()) p.bad("trailing characters");
    return v;
  } catch (const std::exception& e) {
    if (error) *error = e.what();
    return std::nullopt;
  }
}

}  // namespace cstest
