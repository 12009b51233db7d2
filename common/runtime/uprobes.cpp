#include "common/runtime/uprobes.h"

#include <bpf/libbpf.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

#include "common/base/error.h"

namespace cs {

namespace {

constexpr std::string_view kOldMagic = "ld.so-1.7.0";
constexpr std::string_view kNewMagic = "glibc-ld.so.cache1.1";
constexpr size_t kOldHeader = 16;    // magic[11] + pad + u32 nlibs
constexpr size_t kOldEntry = 12;     // i32 flags, u32 key, u32 value
constexpr size_t kNewHeader = 48;    // magic+version[20], nlibs, len_strings, flags..., ext, 3 unused
constexpr size_t kNewEntry = 24;     // i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap
constexpr uint32_t kLibc6X8664 = 0x0303;  // FLAG_ELF_LIBC6 | FLAG_X8664_LIB64

uint32_t u32_at(std::string_view d, size_t off) {
  uint32_t v;
  std::memcpy(&v, d.data() + off, sizeof v);
  return v;
}

// NUL-terminated string at off, or "" when it runs past the end.
std::string_view str_at(std::string_view d, size_t off) {
  if (off >= d.size()) return {};
  size_t end = d.find('\0', off);
  if (end == std::string_view::npos) return {};
  return d.substr(off, end - off);
}

}  // namespace

std::vector<std::string> ld_so_cache_lookup(std::string_view data, std::string_view soname) {
  std::vector<std::string> paths;
  size_t base = 0;  // where the new-format table starts; its string offsets count from there
  if (data.substr(0, kOldMagic.size()) == kOldMagic) {
    if (data.size() < kOldHeader) return paths;
    uint64_t old_end = kOldHeader + uint64_t{u32_at(data, 12)} * kOldEntry;
    base = (old_end + 7) & ~uint64_t{7};
    if (base >= data.size()) return paths;
  }
  std::string_view d = data.substr(base);
  if (d.size() < kNewHeader || d.substr(0, kNewMagic.size()) != kNewMagic) return paths;
  uint64_t n = u32_at(d, 20);
  if (n > (d.size() - kNewHeader) / kNewEntry) return paths;
  for (uint64_t i = 0; i < n; i++) {
    size_t e = kNewHeader + i * kNewEntry;
    if (u32_at(d, e) != kLibc6X8664) continue;
    if (str_at(d, u32_at(d, e + 4)) != soname) continue;
    std::string_view path = str_at(d, u32_at(d, e + 8));
    if (!path.empty()) paths.emplace_back(path);
  }
  return paths;
}

bool is_x86_64_elf(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  Elf64_Ehdr h;
  ssize_t n = read(fd, &h, sizeof h);
  close(fd);
  return n == static_cast<ssize_t>(sizeof h) && std::memcmp(h.e_ident, ELFMAG, SELFMAG) == 0 &&
         h.e_ident[EI_CLASS] == ELFCLASS64 && h.e_machine == EM_X86_64;
}

std::string find_library(const std::string& soname, const std::string& root) {
  std::ifstream f(root + "/etc/ld.so.cache", std::ios::binary);
  std::string cache((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  for (const std::string& p : ld_so_cache_lookup(cache, soname))
    if (is_x86_64_elf(root + p)) return root + p;
  static const char* const dirs[] = {"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu",
                                     "/lib64", "/usr/lib64", "/lib", "/usr/lib"};
  for (const char* dir : dirs) {
    std::string p = root + dir + "/" + soname;
    if (is_x86_64_elf(p)) return p;
  }
  return "";
}

bool elf_defines(const std::string& path, const std::string& func) {
  return function_file_offset(path, func).has_value();
}

// Value of the defined function symbol `func` in .symtab or .dynsym.  Read
// here rather than through ElfFile, which keeps one name per address and so
// may know pthread_create by an alias (__pthread_create_2_1).
static std::optional<uint64_t> function_vaddr(Elf* elf, const std::string& func) {
  for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
    GElf_Shdr sh;
    if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) ||
        sh.sh_entsize == 0)
      continue;
    Elf_Data* d = elf_getdata(scn, nullptr);
    for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
      GElf_Sym sym;
      if (!gelf_getsym(d, static_cast<int>(i), &sym)) break;
      int type = GELF_ST_TYPE(sym.st_info);
      if ((type != STT_FUNC && type != STT_GNU_IFUNC) || sym.st_shndx == SHN_UNDEF ||
          sym.st_value == 0)
        continue;
      const char* name = elf_strptr(elf, sh.sh_link, sym.st_name);
      if (name && func == name) return sym.st_value;
    }
  }
  return std::nullopt;
}

std::optional<uint64_t> function_file_offset(const std::string& path, const std::string& func) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  std::optional<uint64_t> off;
  size_t nphdr = 0;
  std::optional<uint64_t> vaddr = elf ? function_vaddr(elf, func) : std::nullopt;
  if (vaddr && elf_getphdrnum(elf, &nphdr) == 0) {
    for (size_t i = 0; i < nphdr && !off; i++) {
      GElf_Phdr ph;
      if (gelf_getphdr(elf, static_cast<int>(i), &ph) && ph.p_type == PT_LOAD &&
          (ph.p_flags & PF_X) && *vaddr >= ph.p_vaddr && *vaddr < ph.p_vaddr + ph.p_filesz)
        off = *vaddr - ph.p_vaddr + ph.p_offset;
    }
  }
  if (elf) elf_end(elf);
  close(fd);
  return off;
}

std::vector<std::string> usdt_providers(const std::string& path, const std::string& probe) {
  std::vector<std::string> out;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return out;
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  size_t shstrndx = 0;
  if (elf && elf_getshdrstrndx(elf, &shstrndx) == 0) {
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
      GElf_Shdr sh;
      const char* sec = gelf_getshdr(scn, &sh) ? elf_strptr(elf, shstrndx, sh.sh_name) : nullptr;
      if (!sec || sh.sh_type != SHT_NOTE || std::strcmp(sec, ".note.stapsdt") != 0) continue;
      Elf_Data* d = elf_getdata(scn, nullptr);
      GElf_Nhdr nh;
      size_t off = 0, name_off = 0, desc_off = 0;
      // Each note (type 3, "stapsdt"): three addresses, then provider, name
      // and arguments as strings.
      while (d && (off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
        const char* desc = static_cast<const char*>(d->d_buf) + desc_off;
        size_t addrs = 3 * (gelf_getclass(elf) == ELFCLASS32 ? 4 : 8);
        if (nh.n_type != 3 || nh.n_descsz <= addrs) continue;
        std::string_view rest(desc + addrs, nh.n_descsz - addrs);
        std::string_view provider = rest.substr(0, rest.find('\0'));
        rest.remove_prefix(std::min(rest.size(), provider.size() + 1));
        std::string_view name = rest.substr(0, rest.find('\0'));
        if (name == probe && std::find(out.begin(), out.end(), provider) == out.end())
          out.emplace_back(provider);
      }
    }
  }
  if (elf) elf_end(elf);
  close(fd);
  return out;
}

bpf_link* attach_uprobe(bpf_program* prog, const std::string& path, const std::string& func,
                        bool retprobe, int pid) {
  if (access(path.c_str(), R_OK) != 0)
    fail("cannot read " + path + ": " + errno_text(errno));
  // The offset is found here, not by libbpf: libbpf 1.1 gives up on symbols
  // that glibc exports under two versions (pthread_create@GLIBC_2.2.5 and
  // @@GLIBC_2.34, one address).
  std::optional<uint64_t> off = function_file_offset(path, func);
  if (!off) fail(path + " does not define the function " + func);
  LIBBPF_OPTS(bpf_uprobe_opts, opts, .retprobe = retprobe);
  bpf_link* l = bpf_program__attach_uprobe_opts(prog, pid, path.c_str(), *off, &opts);
  if (!l) {
    int err = errno;
    std::string msg = std::string("cannot attach a ") + (retprobe ? "uretprobe" : "uprobe") +
                      " to " + func + " in " + path + ": " + errno_text(err);
    if (access("/sys/bus/event_source/devices/uprobe/type", F_OK) != 0)
      msg += " (this kernel has no uprobes: CONFIG_UPROBES)";
    else if ((err == EACCES || err == EPERM) && geteuid() != 0)
      msg += " (uprobes need CAP_SYS_ADMIN)";
    fail(msg);
  }
  return l;
}

}  // namespace cs
