// Kernel symbols from /proc/kallsyms: parsed once, sorted by address, looked
// up by binary search.  Stack tools load it lazily on the first kernel frame.
//
//   cs::KernelSymbols ks;                 // nothing read yet
//   const cs::KernelSymbol* s = ks.lookup(ip);
//   out.put(ks.name_of(ip));              // "do_syscall_64" or "[unknown]"
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

struct KernelSymbol {
  uint64_t addr = 0;
  std::string_view name;
  std::string_view module;  // "" for the kernel image, "ext4", "bpf", ...
  char type = 0;            // kallsyms type letter: 't', 'T', 'W', ...
};

class KernelSymbols {
 public:
  // Reads `path` on first use (default /proc/kallsyms).
  explicit KernelSymbols(std::string path = "/proc/kallsyms") : path_(std::move(path)) {}
  KernelSymbols(const KernelSymbols&) = delete;
  KernelSymbols& operator=(const KernelSymbols&) = delete;

  // Parses kallsyms text now (for tests, or text read elsewhere).  Returns
  // the number of symbols kept.
  size_t parse(std::string text);

  // The symbol whose address is the greatest one <= addr, or nullptr when
  // addr lies below every symbol, far past the last one, or kallsyms could
  // not be read / shows only zero addresses (kptr_restrict).
  const KernelSymbol* lookup(uint64_t addr);
  // By exact name (first match); linear, for tests and one-off checks.
  const KernelSymbol* find(std::string_view name);

  // The name of the function holding addr, or "[unknown]" like bcc.
  std::string name_of(uint64_t addr);
  // "name+0xoff" (or "[unknown]"); with the module: "name+0xoff [ext4]".
  std::string describe(uint64_t addr, bool with_module = false);

  size_t size();
  // True when kallsyms was read but every address was zero: the reader is
  // not privileged enough (kernel.kptr_restrict).
  bool addresses_hidden();
  // Why loading failed ("" when it did not).
  const std::string& error() const { return error_; }

 private:
  void ensure_loaded();
  std::string path_;
  bool loaded_ = false;
  bool hidden_ = false;
  std::string error_;
  std::string text_;  // the file; names and modules point into it
  std::vector<KernelSymbol> syms_;
};

}  // namespace cs
