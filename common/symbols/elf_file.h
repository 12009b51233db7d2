// One ELF image, read once with libelf and kept as plain tables: its PT_LOAD
// segments (to turn a mapped file offset into an ELF virtual address), its
// function symbols from .symtab and .dynsym (sorted for binary search), and
// the two ways it names a separate debug file (build-id, .gnu_debuglink).
// The file is closed after reading; nothing of libelf's state is kept.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

struct ElfSegment {
  uint64_t offset = 0;  // p_offset
  uint64_t vaddr = 0;   // p_vaddr
  uint64_t filesz = 0;
  uint64_t memsz = 0;
  bool exec = false;    // PF_X
};

class ElfFile {
 public:
  // Reads the file at `path`; nullptr (and *error) when it is not a
  // readable ELF file.
  static std::unique_ptr<ElfFile> open(const std::string& path, std::string* error = nullptr);
  // Reads an ELF image already in memory (the [vdso] copied from a process).
  static std::unique_ptr<ElfFile> from_memory(std::string image, std::string* error = nullptr);

  const std::string& path() const { return path_; }
  bool is_dyn() const { return dyn_; }                 // ET_DYN: PIE or shared library
  bool has_symtab() const { return has_symtab_; }      // a .symtab section (not stripped)
  const std::string& build_id() const { return build_id_; }  // lowercase hex, "" if none
  const std::string& debuglink() const { return debuglink_; }
  uint32_t debuglink_crc() const { return debuglink_crc_; }
  const std::vector<ElfSegment>& segments() const { return segments_; }

  // Mapped file offset -> ELF virtual address, through the PT_LOAD segment
  // that holds the offset.  nullopt if no segment covers it.
  std::optional<uint64_t> offset_to_vaddr(uint64_t file_offset) const;

  struct Hit {
    std::string_view name;  // raw (mangled) name; valid while this ElfFile lives
    uint64_t start = 0;     // symbol address
  };
  // The function symbol covering vaddr (or the nearest one below it when
  // that symbol has no size).
  std::optional<Hit> lookup(uint64_t vaddr) const;
  // Address of a symbol by raw name (tests and one-off checks; linear).
  std::optional<uint64_t> address_of(std::string_view name) const;
  size_t symbol_count() const { return syms_.size(); }

  // Adds the function symbols of a separate debug file for this image.
  void add_symbols_from(const ElfFile& debug);

 private:
  struct Sym {
    uint64_t addr;
    uint64_t size;
    uint32_t name_off;  // into names_
    uint8_t rank;       // lower is preferred among symbols at one address
  };
  ElfFile() = default;
  bool read(void* elf, std::string* error);  // Elf*
  void finish_symbols();

  std::string path_;
  bool dyn_ = false;
  bool has_symtab_ = false;
  std::string build_id_;
  std::string debuglink_;
  uint32_t debuglink_crc_ = 0;
  std::vector<ElfSegment> segments_;
  std::vector<Sym> syms_;
  std::string names_;
};

// CRC-32 of a whole file as .gnu_debuglink records it; nullopt if unreadable.
std::optional<uint32_t> file_crc32(const std::string& path);

// C++ (Itanium ABI) demangling; names that are not mangled come back as is.
std::string demangle(std::string_view name);

}  // namespace cs
