// An ELF image from memory (cs::ElfFile::from_memory, the [vdso] path), then
// what the symbolizer asks of it: file offsets to addresses, lookups across
// the loaded segments, the build-id, merging a debug file's symbols.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/symbols/elf_file.h"
#include "fuzz_check.h"

namespace {

void check_lookup(const cs::ElfFile& f, uint64_t vaddr) {
  std::optional<cs::ElfFile::Hit> h = f.lookup(vaddr);
  if (!h) return;
  FUZZ_CHECK(h->start <= vaddr);
  FUZZ_CHECK(!h->name.empty());
  std::optional<cs::ElfFile::Hit> at_start = f.lookup(h->start);
  FUZZ_CHECK(at_start && at_start->start == h->start && at_start->name == h->name);
  FUZZ_CHECK(f.address_of(h->name).has_value());
  cs::demangle(h->name);
}

void check_file(const cs::ElfFile& f) {
  const std::string& id = f.build_id();
  FUZZ_CHECK(id.size() % 2 == 0 && id.find_first_not_of("0123456789abcdef") == std::string::npos);
  FUZZ_CHECK(f.debuglink().find('\0') == std::string::npos);
  check_lookup(f, 0);
  check_lookup(f, UINT64_MAX);
  int segments = 0;
  for (const cs::ElfSegment& s : f.segments()) {
    if (++segments > 16) break;
    if (s.filesz > 0 && s.offset + (s.filesz - 1) >= s.offset) {
      std::optional<uint64_t> v = f.offset_to_vaddr(s.offset);
      FUZZ_CHECK(v.has_value());
      std::optional<uint64_t> last = f.offset_to_vaddr(s.offset + (s.filesz - 1));
      FUZZ_CHECK(last.has_value());
    }
    // A sweep over the segment: tiny seeds hold few functions to land on.
    for (uint64_t k = 0; k <= 32; k++) check_lookup(f, s.vaddr + s.memsz / 32 * k);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string image(reinterpret_cast<const char*>(data), size);
  std::string error;
  std::unique_ptr<cs::ElfFile> f = cs::ElfFile::from_memory(image, &error);
  if (!f) {
    FUZZ_CHECK(!error.empty());
    return 0;
  }
  check_file(*f);
  // The same image as its own debug file: merged symbols stay consistent.
  std::unique_ptr<cs::ElfFile> debug = cs::ElfFile::from_memory(image);
  FUZZ_CHECK(debug != nullptr);
  size_t before = f->symbol_count();
  f->add_symbols_from(*debug);
  FUZZ_CHECK(f->symbol_count() == before);
  check_file(*f);
  return 0;
}
