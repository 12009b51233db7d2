// /proc/kallsyms text (cs::KernelSymbols::parse), then lookups near the
// addresses the text names: no crash, every answer is the symbol at or below
// the address within the span a kernel function can have, and the address of
// every well-formed line finds a symbol at exactly that address.
#include <cstdint>
#include <string>
#include <string_view>

#include "common/symbols/ksyms.h"
#include "fuzz_check.h"

namespace {

// The hex number a line starts with (its length, 0 if none, at most 16).
size_t leading_hex(std::string_view line, uint64_t& v) {
  size_t n = 0;
  v = 0;
  while (n < line.size() && n < 16) {
    char c = line[n];
    int d = c >= '0' && c <= '9' ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) break;
    v = v << 4 | static_cast<uint64_t>(d);
    n++;
  }
  return n;
}

void check_lookup(cs::KernelSymbols& ks, uint64_t addr) {
  const cs::KernelSymbol* s = ks.lookup(addr);
  if (!s) {
    FUZZ_CHECK(ks.name_of(addr) == "[unknown]");
    FUZZ_CHECK(ks.describe(addr) == "[unknown]");
    return;
  }
  FUZZ_CHECK(s->addr <= addr && addr - s->addr < (1u << 20));
  FUZZ_CHECK(s->addr != 0 && !s->name.empty());
  FUZZ_CHECK(s->name.find('\n') == std::string_view::npos);
  FUZZ_CHECK(ks.lookup(s->addr) == s);
  FUZZ_CHECK(ks.name_of(addr) == s->name);
  std::string d = ks.describe(addr, true);
  FUZZ_CHECK(d.compare(0, s->name.size(), s->name) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  cs::KernelSymbols ks("/nonexistent/kallsyms");  // parse() replaces reading it
  size_t kept = ks.parse(text);
  FUZZ_CHECK(ks.size() == kept);
  FUZZ_CHECK(ks.error().empty());
  if (ks.addresses_hidden()) FUZZ_CHECK(kept == 0);
  check_lookup(ks, 0);
  check_lookup(ks, UINT64_MAX);
  std::string_view all(text);
  for (int lines = 0; !all.empty(); lines++) {
    size_t nl = all.find('\n');
    std::string_view line = all.substr(0, nl);
    all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
    uint64_t a;
    size_t digits = leading_hex(line, a);
    if (digits == 0) continue;
    // Around the first lines' addresses only: each lookup check costs a few
    // allocations, and a text of many lines would slow the fuzzer down.
    if (lines < 32)
      for (uint64_t delta : {0ull, 1ull, 0xfffffull, 0x100000ull}) {
        check_lookup(ks, a + delta);
        check_lookup(ks, a - delta);
      }
    // "<address> <type> <name>": such a line, unless absolute or at 0, is
    // kept, or another symbol at its address is.
    bool well_formed = digits < line.size() && line[digits] == ' ' && digits + 3 < line.size() &&
                       line[digits + 2] == ' ' && line[digits + 3] != '\t';
    char type = well_formed ? line[digits + 1] : 0;
    if (well_formed && a != 0 && type != 'a' && type != 'A' && !ks.addresses_hidden()) {
      const cs::KernelSymbol* s = ks.lookup(a);
      FUZZ_CHECK(s && s->addr == a);
      FUZZ_CHECK(ks.find(s->name) != nullptr);
    }
  }
  // A second parse replaces the first: nothing may point into the old text.
  ks.parse(text.substr(0, text.size() / 2));
  check_lookup(ks, UINT64_MAX / 2);
  return 0;
}
