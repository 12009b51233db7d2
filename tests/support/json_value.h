// A small strict JSON parser for tests: proves tool output parses and lets
// assertions look at fields.  Not used by the tools themselves.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cstest {

struct JsonValue {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<JsonValue> items;
  std::map<std::string, JsonValue> fields;

  bool has(const std::string& k) const { return kind == Object && fields.count(k); }
  const JsonValue& operator[](const std::string& k) const;
  const JsonValue& operator[](size_t i) const { return items.at(i); }
};

// Parses exactly one JSON value (surrounding whitespace allowed); nullopt and
// a message in *error when the text is not valid JSON (RFC 8259, UTF-8).
std::optional<JsonValue> parse_json(const std::string& text, std::string* error = nullptr);

}  // namespace cstest
