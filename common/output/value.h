// One typed value of a record's column or a report's label: what the tool
// measured, before any sink decides how it looks.  Strings are views: they
// must outlive the sink call that renders them (event data, a local string).
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>

namespace cs {

class Row;

struct Value {
  enum class Kind : uint8_t {
    None,      // absent: "-" in text, null in JSON
    Int,
    UInt,
    Real,
    Bool,
    Text,      // untrusted bytes (comm, path, argv): escaped everywhere
    TextList,  // untrusted strings: a JSON array; in text, joined by spaces
    WallTime,  // a bpf_ktime_get_ns() stamp shown as local "HH:MM:SS"
    Elapsed,   // a bpf_ktime_get_ns() stamp shown as seconds since the tool started
    Object,    // a row of the column's `nested` record (output/record.h)
  };
  Kind kind = Kind::None;
  bool more = false;  // TextList: items were left out (text adds " ...")
  union {
    int64_t i;
    uint64_t u = 0;
    double d;
    bool b;
  };
  std::string_view s;
  std::span<const std::string_view> list;
  const Row* row = nullptr;  // Object

  Value() = default;
  Value(int v) : kind(Kind::Int), i(v) {}
  Value(long v) : kind(Kind::Int), i(v) {}
  Value(long long v) : kind(Kind::Int), i(v) {}
  Value(unsigned v) : kind(Kind::UInt), u(v) {}
  Value(unsigned long v) : kind(Kind::UInt), u(v) {}
  Value(unsigned long long v) : kind(Kind::UInt), u(v) {}
  Value(double v) : kind(Kind::Real), d(v) {}
  // Only a real bool: an array or pointer must not decay into one.
  template <class B, std::enable_if_t<std::is_same_v<B, bool>, int> = 0>
  Value(B v) : kind(Kind::Bool), b(v) {}
  Value(std::string_view v) : kind(Kind::Text), s(v) {}
  Value(const char* v) : kind(Kind::Text), s(v) {}
  Value(std::span<const std::string_view> v, bool more_items = false)
      : kind(Kind::TextList), more(more_items), list(v) {}

  static Value wall_time(uint64_t mono_ns) {
    Value v;
    v.kind = Kind::WallTime;
    v.u = mono_ns;
    return v;
  }
  static Value elapsed(uint64_t mono_ns) {
    Value v;
    v.kind = Kind::Elapsed;
    v.u = mono_ns;
    return v;
  }
  static Value object(const Row& r) {
    Value v;
    v.kind = Kind::Object;
    v.row = &r;
    return v;
  }
  bool none() const { return kind == Kind::None; }
};

}  // namespace cs
