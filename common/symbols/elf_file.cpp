#include "common/symbols/elf_file.h"

#include <cxxabi.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/base/error.h"

namespace cs {

namespace {

// A symbol without a size is trusted this far past its start, no further.
constexpr uint64_t kUnsizedSpan = 64 * 1024;
// How many symbols below the nearest one may still cover an address
// (nested symbols: a sized function holding a smaller alias).
constexpr int kNestedLookback = 8;

bool libelf_ready() {
  static const bool ok = elf_version(EV_CURRENT) != EV_NONE;
  return ok;
}

std::string hex(const unsigned char* p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (size_t i = 0; i < n; i++) {
    s.push_back(digits[p[i] >> 4]);
    s.push_back(digits[p[i] & 15]);
  }
  return s;
}

// The GNU build-id note in a block of notes, as hex ("" if absent).
std::string build_id_in(Elf_Data* data) {
  if (!data || !data->d_buf) return "";
  size_t off = 0, name_off = 0, desc_off = 0;
  GElf_Nhdr nh;
  while (off < data->d_size) {
    size_t next = gelf_getnote(data, off, &nh, &name_off, &desc_off);
    if (next == 0) break;
    const char* base = static_cast<const char*>(data->d_buf);
    if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 && std::memcmp(base + name_off, "GNU", 4) == 0 &&
        nh.n_descsz > 0)
      return hex(reinterpret_cast<const unsigned char*>(base + desc_off), nh.n_descsz);
    off = next;
  }
  return "";
}

uint8_t rank_of(const GElf_Sym& s) {
  uint8_t r = 0;
  switch (GELF_ST_BIND(s.st_info)) {
    case STB_GLOBAL: break;
    case STB_WEAK: r += 1; break;
    default: r += 2; break;
  }
  if (GELF_ST_TYPE(s.st_info) == STT_NOTYPE) r += 4;
  if (s.st_size == 0) r += 8;
  return r;
}

}  // namespace

std::unique_ptr<ElfFile> ElfFile::open(const std::string& path, std::string* error) {
  auto set = [&](const std::string& m) {
    if (error) *error = m;
    return nullptr;
  };
  if (!libelf_ready()) return set("libelf: version mismatch");
  // O_NONBLOCK: a FIFO planted where a mapped file used to be must not hang us.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return set(path + ": " + errno_text(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return set(path + ": not a regular file");
  }
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  if (!elf) {
    close(fd);
    return set(path + ": " + elf_errmsg(-1));
  }
  std::unique_ptr<ElfFile> f(new ElfFile);
  f->path_ = path;
  bool ok = f->read(elf, error);
  elf_end(elf);
  close(fd);
  if (!ok) return nullptr;
  return f;
}

std::unique_ptr<ElfFile> ElfFile::from_memory(std::string image, std::string* error) {
  if (!libelf_ready()) {
    if (error) *error = "libelf: version mismatch";
    return nullptr;
  }
  Elf* elf = elf_memory(image.data(), image.size());
  if (!elf) {
    if (error) *error = elf_errmsg(-1);
    return nullptr;
  }
  std::unique_ptr<ElfFile> f(new ElfFile);
  f->path_ = "[memory]";
  bool ok = f->read(elf, error);
  elf_end(elf);
  if (!ok) return nullptr;
  return f;
}

bool ElfFile::read(void* e, std::string* error) {
  Elf* elf = static_cast<Elf*>(e);
  GElf_Ehdr eh;
  if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
    if (error) *error = path_ + ": not an ELF file";
    return false;
  }
  dyn_ = eh.e_type == ET_DYN;

  size_t nph = 0;
  if (elf_getphdrnum(elf, &nph) == 0) {
    for (size_t i = 0; i < nph; i++) {
      GElf_Phdr ph;
      if (!gelf_getphdr(elf, static_cast<int>(i), &ph)) continue;
      if (ph.p_type == PT_LOAD) {
        segments_.push_back({ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, (ph.p_flags & PF_X) != 0});
      } else if (ph.p_type == PT_NOTE && build_id_.empty()) {
        build_id_ = build_id_in(elf_getdata_rawchunk(elf, static_cast<int64_t>(ph.p_offset),
                                                     ph.p_filesz, ELF_T_NHDR));
      }
    }
  }

  size_t shstrndx = 0;
  bool have_names = elf_getshdrstrndx(elf, &shstrndx) == 0;
  size_t nsec = 0;
  elf_getshdrnum(elf, &nsec);
  std::vector<bool> exec_section(nsec, false);
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    size_t idx = elf_ndxscn(scn);
    if (gelf_getshdr(scn, &sh) && idx < nsec) exec_section[idx] = (sh.sh_flags & SHF_EXECINSTR) != 0;
  }

  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh)) continue;
    if (sh.sh_type == SHT_NOTE && build_id_.empty()) {
      build_id_ = build_id_in(elf_getdata(scn, nullptr));
      continue;
    }
    if (sh.sh_type == SHT_PROGBITS && have_names) {
      const char* n = elf_strptr(elf, shstrndx, sh.sh_name);
      if (n && std::strcmp(n, ".gnu_debuglink") == 0) {
        Elf_Data* d = elf_getdata(scn, nullptr);
        if (d && d->d_buf && d->d_size > 4) {
          const char* p = static_cast<const char*>(d->d_buf);
          size_t len = strnlen(p, d->d_size);
          size_t crc_at = (len + 4) & ~size_t{3};
          if (len > 0 && crc_at + 4 <= d->d_size) {
            debuglink_.assign(p, len);
            unsigned char b[4];
            std::memcpy(b, p + crc_at, 4);
            debuglink_crc_ = eh.e_ident[EI_DATA] == ELFDATA2MSB
                                 ? (uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3])
                                 : (uint32_t{b[3]} << 24 | uint32_t{b[2]} << 16 | uint32_t{b[1]} << 8 | b[0]);
          }
        }
      }
      continue;
    }
    if (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) continue;
    if (sh.sh_type == SHT_SYMTAB) has_symtab_ = true;
    Elf_Data* d = elf_getdata(scn, nullptr);
    if (!d || !d->d_buf || sh.sh_entsize == 0) continue;
    size_t n = sh.sh_size / sh.sh_entsize;
    for (size_t i = 0; i < n; i++) {
      GElf_Sym s;
      if (!gelf_getsym(d, static_cast<int>(i), &s)) break;
      int type = GELF_ST_TYPE(s.st_info);
      if (s.st_value == 0 || s.st_shndx == SHN_UNDEF || s.st_shndx == SHN_ABS) continue;
      if (type == STT_NOTYPE) {
        // Assembly entry points are often untyped: keep those in code.
        if (s.st_shndx >= nsec || !exec_section[s.st_shndx]) continue;
      } else if (type != STT_FUNC && type != STT_GNU_IFUNC) {
        continue;
      }
      const char* name = elf_strptr(elf, sh.sh_link, s.st_name);
      if (!name || !*name || name[0] == '$' || (name[0] == '.' && name[1] == 'L')) continue;
      syms_.push_back({s.st_value, s.st_size, static_cast<uint32_t>(names_.size()), rank_of(s)});
      names_.append(name);
      names_.push_back('\0');
    }
  }
  finish_symbols();
  return true;
}

void ElfFile::finish_symbols() {
  std::sort(syms_.begin(), syms_.end(), [&](const Sym& a, const Sym& b) {
    if (a.addr != b.addr) return a.addr < b.addr;
    if (a.rank != b.rank) return a.rank < b.rank;
    return std::strcmp(names_.c_str() + a.name_off, names_.c_str() + b.name_off) < 0;
  });
  syms_.erase(std::unique(syms_.begin(), syms_.end(),
                          [](const Sym& a, const Sym& b) { return a.addr == b.addr; }),
              syms_.end());
  syms_.shrink_to_fit();
}

void ElfFile::add_symbols_from(const ElfFile& debug) {
  for (const Sym& s : debug.syms_) {
    Sym c = s;
    c.name_off = static_cast<uint32_t>(names_.size());
    names_.append(debug.names_.c_str() + s.name_off);
    names_.push_back('\0');
    syms_.push_back(c);
  }
  if (debug.has_symtab_) has_symtab_ = true;
  finish_symbols();
}

std::optional<uint64_t> ElfFile::offset_to_vaddr(uint64_t off) const {
  for (const ElfSegment& s : segments_)
    if (off >= s.offset && off - s.offset < s.filesz) return off - s.offset + s.vaddr;
  return std::nullopt;
}

std::optional<ElfFile::Hit> ElfFile::lookup(uint64_t vaddr) const {
  auto it = std::upper_bound(syms_.begin(), syms_.end(), vaddr,
                             [](uint64_t a, const Sym& s) { return a < s.addr; });
  if (it == syms_.begin()) return std::nullopt;
  --it;
  auto hit = [&](const Sym& s) { return Hit{std::string_view(names_.c_str() + s.name_off), s.addr}; };
  if (it->size == 0) {
    if (vaddr - it->addr < kUnsizedSpan) return hit(*it);
    return std::nullopt;
  }
  for (int back = 0; back <= kNestedLookback; back++) {
    if (it->size > 0 && vaddr - it->addr < it->size) return hit(*it);
    if (it == syms_.begin()) break;
    --it;
  }
  return std::nullopt;
}

std::optional<uint64_t> ElfFile::address_of(std::string_view name) const {
  for (const Sym& s : syms_)
    if (name == std::string_view(names_.c_str() + s.name_off)) return s.addr;
  return std::nullopt;
}

std::optional<uint32_t> file_crc32(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return std::nullopt;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return std::nullopt;
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  std::vector<unsigned char> buf(1 << 16);
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    crc = crc32(crc, buf.data(), static_cast<uInt>(n));
  }
  close(fd);
  return static_cast<uint32_t>(crc);
}

std::string demangle(std::string_view name) {
  if (name.size() < 3 || name[0] != '_' || name[1] != 'Z') return std::string(name);
  std::string raw(name);
  int status = 0;
  char* d = abi::__cxa_demangle(raw.c_str(), nullptr, nullptr, &status);
  if (status != 0 || !d) {
    std::free(d);
    return raw;
  }
  std::string r(d);
  std::free(d);
  return r;
}

}  // namespace cs
