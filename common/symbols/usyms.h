// User-space symbols: turns an address in a process into the function that
// holds it, the way bcc's symbolizer does.
//
//   cs::UserSymbols us;
//   std::string fn = us.name_of(pid, ip);   // "main", "std::vector<int>::push_back(int&&)",
//                                           // "[vdso]" or "[unknown]"
//
// For each process, /proc/PID/maps is read on first use (and again when an
// address falls outside every known mapping).  The mapped file is opened
// through /proc/PID/root/<path> (so processes in other mount namespaces and
// containers work), else /proc/PID/map_files/; the address becomes a file
// offset, then an ELF virtual address through the file's PT_LOAD segments
// (correct for executables, PIEs and shared libraries whatever their load
// bias).  Symbols come from .symtab and .dynsym, plus the separate debug file
// found by build-id (<debug dir>/.build-id/ab/cdef....debug) or by
// .gnu_debuglink (next to the file, in .debug/ beside it, or under the debug
// dir); C++ names are demangled.  [vdso] is read from the process's memory;
// anonymous executable memory is looked up in /tmp/perf-PID.map (JIT maps).
// ELF files are cached by device and inode, shared between processes.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/symbols/elf_file.h"

namespace cs {

struct UserFrame {
  std::string name;             // demangled function name; "" when unknown
  uint64_t offset = 0;          // address - function start
  std::string module;           // mapped file as the process names it, "[vdso]", ... ("" unmapped)
  uint64_t module_offset = 0;   // file offset of the address within module
  bool known() const { return !name.empty(); }
};

struct UserSymbolsOptions {
  // Roots searched for separate debug files (build-id and debuglink).
  std::vector<std::string> debug_dirs{"/usr/lib/debug"};
  bool demangle = true;
};

class UserSymbols {
 public:
  UserSymbols() : UserSymbols(UserSymbolsOptions{}) {}
  explicit UserSymbols(UserSymbolsOptions o);
  ~UserSymbols();
  UserSymbols(const UserSymbols&) = delete;
  UserSymbols& operator=(const UserSymbols&) = delete;

  UserFrame resolve(pid_t pid, uint64_t addr);
  // The function name, or "[vdso]" for an unresolvable vdso address, or
  // "[unknown]" like bcc.
  std::string name_of(pid_t pid, uint64_t addr);
  // "name+0xoff (module+0xoff)", "[unknown] (module+0xoff)" or "[unknown]".
  std::string describe(pid_t pid, uint64_t addr);

  // A process's main program, once the process is gone: the function at
  // `addr` in the executable at `path` whose executable segments were mapped
  // from `code_start` (the kernel's mm->start_code: the lowest PF_X p_vaddr
  // plus the load bias).  "" when the file or the symbol is not found.
  std::string name_in_executable(const std::string& path, uint64_t code_start, uint64_t addr);

  // Reads a live process's maps and opens its executable mappings now, so
  // that its addresses still resolve after it exits.
  void keep(pid_t pid);

  // Drops what is cached for a process (it exited; its pid may be reused).
  void forget(pid_t pid);

  // Symbols of one ELF file on disk, with its debug file merged in when it
  // has no .symtab (cached by device+inode).  nullptr if it cannot be read.
  // `root` is the filesystem root the file's debug files are searched under
  // ("" for ours, "/proc/PID/root" for a process's).
  std::shared_ptr<const ElfFile> elf(const std::string& path, const std::string& root = "");

  struct Process;  // opaque, per-pid cache (defined in usyms.cpp)

 private:
  std::shared_ptr<const ElfFile> load_elf(const std::string& open_path,
                                           const std::string& logical_path, const std::string& root);
  std::shared_ptr<const ElfFile> vdso(pid_t pid, uint64_t start, uint64_t end);
  Process& process(pid_t pid);
  // The ELF image behind mapping i (a file or the vdso), opened once.
  std::shared_ptr<const ElfFile> mapping_elf(Process& p, size_t i);

  UserSymbolsOptions opt_;
  std::map<std::pair<uint64_t, uint64_t>, std::shared_ptr<const ElfFile>> files_;  // dev, inode
  std::map<std::pair<uint64_t, uint32_t>, std::shared_ptr<const ElfFile>> vdsos_;  // size, crc
  std::unordered_map<pid_t, std::unique_ptr<Process>> procs_;
};

// One line of /proc/PID/maps.
struct Mapping {
  uint64_t start = 0, end = 0, offset = 0;
  uint64_t dev = 0, inode = 0;  // dev as makedev(major, minor)
  bool exec = false;
  bool deleted = false;  // the path ended in " (deleted)" (removed from it)
  std::string path;      // "" for anonymous memory
};
// Parses the text of /proc/PID/maps.
std::vector<Mapping> parse_maps(const std::string& text);

}  // namespace cs
