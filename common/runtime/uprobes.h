// User-space probes: finding the shared library a dynamically linked program
// would load (the way ld.so does: /etc/ld.so.cache, then the standard
// directories), and attaching a uprobe to a function of an ELF file with a
// one-line error when that cannot work.
//
//   std::string libc = cs::find_library("libc.so.6");      // "" on a static-only system
//   if (!libc.empty() && cs::elf_defines(libc, "pthread_create"))
//     skel.adopt(cs::attach_uprobe(prog, libc, "pthread_create", false));
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct bpf_link;
struct bpf_program;

namespace cs {

// The x86-64 paths an ld.so.cache image (`data`, the whole file) maps
// `soname` to, in cache order.  Reads glibc's format (the "glibc-ld.so.cache"
// table, alone or after the old "ld.so-1.7.0" one); anything malformed gives
// no paths.
std::vector<std::string> ld_so_cache_lookup(std::string_view data, std::string_view soname);

// Path of the 64-bit x86 library `soname` as the dynamic linker would find
// it: root + /etc/ld.so.cache, then root + /lib/x86_64-linux-gnu,
// /usr/lib/x86_64-linux-gnu, /lib64, /usr/lib64, /lib, /usr/lib.  Only
// x86-64 ELF files count.  "" when there is none (a static-only system).
// `root` ("" normally) is prepended to every path, for tests and containers.
std::string find_library(const std::string& soname, const std::string& root = "");

// Is `path` an ELF file for x86-64?
bool is_x86_64_elf(const std::string& path);

// Does the ELF file define the function `func` (.symtab or .dynsym)?
bool elf_defines(const std::string& path, const std::string& func);

// File offset of the function `func` in the ELF file (its address mapped
// through the executable PT_LOAD segment that holds it): what the kernel's
// uprobes take.  nullopt when the file does not define it.
std::optional<uint64_t> function_file_offset(const std::string& path, const std::string& func);

// The providers of USDT probe `probe` in the ELF file at `path` (its
// .note.stapsdt notes), each once; none when it has no such probe.
std::vector<std::string> usdt_providers(const std::string& path, const std::string& probe);

// Attaches prog to the entry (or, with retprobe, the return) of `func` in the
// ELF file `path`, in process `pid` only, or in every process that maps it
// (pid -1).  Throws Fatal (exit 1) naming the file, the function and the cause.
bpf_link* attach_uprobe(bpf_program* prog, const std::string& path, const std::string& func,
                        bool retprobe, int pid = -1);

}  // namespace cs
