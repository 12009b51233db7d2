#include "common/symbols/ksyms.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "common/base/error.h"

namespace cs {

namespace {

// Past this distance from the nearest symbol below, an address belongs to
// no function we know (no kernel function is anywhere near 1 MiB long).
constexpr uint64_t kMaxSymbolSpan = 1u << 20;

bool is_text(char t) { return t == 't' || t == 'T' || t == 'w' || t == 'W'; }

// Among symbols at one address, keep functions over data, global over local,
// and names without a leading underscore over internal aliases.
int rank(const KernelSymbol& s) {
  int r = 0;
  if (!is_text(s.type)) r += 4;
  if (s.type >= 'a' && s.type <= 'z') r += 2;
  if (!s.name.empty() && s.name[0] == '_') r += 1;
  return r;
}

bool parse_hex(std::string_view s, uint64_t& v) {
  if (s.empty() || s.size() > 16) return false;
  v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    v = v << 4 | static_cast<uint64_t>(d);
  }
  return true;
}

// Reads a whole file that reports size 0 in stat (procfs).
bool read_whole(const std::string& path, std::string& text, std::string& err) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = "cannot read " + path + ": " + errno_text(errno);
    return false;
  }
  text.clear();
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      err = "cannot read " + path + ": " + errno_text(errno);
      close(fd);
      return false;
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

}  // namespace

size_t KernelSymbols::parse(std::string text) {
  loaded_ = true;
  text_ = std::move(text);
  syms_.clear();
  std::string_view all(text_);
  bool any_line = false, any_address = false;
  while (!all.empty()) {
    size_t nl = all.find('\n');
    std::string_view line = all.substr(0, nl);
    all.remove_prefix(nl == std::string_view::npos ? all.size() : nl + 1);
    // "<hex address> <type> <name>[\t[module]]"
    size_t sp1 = line.find(' ');
    if (sp1 == std::string_view::npos || sp1 + 3 > line.size() || line[sp1 + 2] != ' ') continue;
    KernelSymbol s;
    if (!parse_hex(line.substr(0, sp1), s.addr)) continue;
    s.type = line[sp1 + 1];
    std::string_view rest = line.substr(sp1 + 3);
    size_t tab = rest.find('\t');
    s.name = rest.substr(0, tab);
    if (tab != std::string_view::npos) {
      std::string_view mod = rest.substr(tab + 1);
      if (mod.size() >= 2 && mod.front() == '[' && mod.back() == ']')
        s.module = mod.substr(1, mod.size() - 2);
    }
    if (s.name.empty()) continue;
    any_line = true;
    if (s.addr == 0 || s.type == 'a' || s.type == 'A') continue;
    any_address = true;
    syms_.push_back(s);
  }
  hidden_ = any_line && !any_address;
  std::sort(syms_.begin(), syms_.end(), [](const KernelSymbol& a, const KernelSymbol& b) {
    if (a.addr != b.addr) return a.addr < b.addr;
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a.name < b.name;
  });
  // One symbol per address: the best ranked, which sorted first.
  syms_.erase(std::unique(syms_.begin(), syms_.end(),
                          [](const KernelSymbol& a, const KernelSymbol& b) { return a.addr == b.addr; }),
              syms_.end());
  syms_.shrink_to_fit();
  return syms_.size();
}

void KernelSymbols::ensure_loaded() {
  if (loaded_) return;
  loaded_ = true;
  std::string text;
  if (!read_whole(path_, text, error_)) return;
  parse(std::move(text));
  if (hidden_) error_ = path_ + " shows no addresses (kernel.kptr_restrict; run as root)";
}

const KernelSymbol* KernelSymbols::lookup(uint64_t addr) {
  ensure_loaded();
  auto it = std::upper_bound(syms_.begin(), syms_.end(), addr,
                             [](uint64_t a, const KernelSymbol& s) { return a < s.addr; });
  if (it == syms_.begin()) return nullptr;
  --it;
  if (addr - it->addr >= kMaxSymbolSpan) return nullptr;
  return &*it;
}

const KernelSymbol* KernelSymbols::find(std::string_view name) {
  ensure_loaded();
  for (const KernelSymbol& s : syms_)
    if (s.name == name) return &s;
  return nullptr;
}

std::string KernelSymbols::name_of(uint64_t addr) {
  const KernelSymbol* s = lookup(addr);
  return s ? std::string(s->name) : std::string("[unknown]");
}

std::string KernelSymbols::describe(uint64_t addr, bool with_module) {
  const KernelSymbol* s = lookup(addr);
  if (!s) return "[unknown]";
  char off[32];
  std::snprintf(off, sizeof off, "+0x%llx", static_cast<unsigned long long>(addr - s->addr));
  std::string r(s->name);
  r += off;
  if (with_module && !s->module.empty()) {
    r += " [";
    r += s->module;
    r += ']';
  }
  return r;
}

size_t KernelSymbols::size() {
  ensure_loaded();
  return syms_.size();
}

bool KernelSymbols::addresses_hidden() {
  ensure_loaded();
  return hidden_;
}

}  // namespace cs
