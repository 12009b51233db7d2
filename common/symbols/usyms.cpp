#include "common/symbols/usyms.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace cs {

namespace {

// A miss re-reads /proc/PID/maps (a library may have been loaded since), but
// not more often than this.
constexpr uint64_t kMapsRefreshNs = 500'000'000;
constexpr size_t kMaxVdsoBytes = 1 << 20;

uint64_t now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(ts.tv_nsec);
}

bool read_file(const std::string& path, std::string& text) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return false;
  }
  text.clear();
  char buf[1 << 15];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  return true;
}

std::string dirname_of(const std::string& p) {
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return p.substr(0, slash);
}

bool same_file(const std::string& path, uint64_t dev, uint64_t ino) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == dev && st.st_ino == ino;
}

bool regular_file(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The pid a process has in its own pid namespace (the last NSpid field).
pid_t ns_pid(pid_t pid) {
  std::string status;
  if (!read_file("/proc/" + std::to_string(pid) + "/status", status)) return pid;
  size_t at = status.find("\nNSpid:");
  if (at == std::string::npos) return pid;
  size_t eol = status.find('\n', at + 1);
  std::string line = status.substr(at + 7, eol == std::string::npos ? std::string::npos : eol - at - 7);
  size_t last = line.find_last_of(" \t");
  long v = std::strtol(line.c_str() + (last == std::string::npos ? 0 : last + 1), nullptr, 10);
  return v > 0 ? static_cast<pid_t>(v) : pid;
}

// Calls f(line) for each line of text, without its newline.
template <class F>
void for_each_line(const std::string& text, F f) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string::npos) eol = text.size();
    f(text.substr(pos, eol - pos));
    pos = eol + 1;
  }
}

struct PerfMapSym {
  uint64_t start, size;
  std::string name;
};

// /tmp/perf-PID.map: "START SIZE name" per line, hex numbers, written by JITs.
std::vector<PerfMapSym> parse_perf_map(const std::string& text) {
  std::vector<PerfMapSym> out;
  for_each_line(text, [&](const std::string& line) {
    char* end = nullptr;
    uint64_t start = std::strtoull(line.c_str(), &end, 16);
    if (end == line.c_str() || *end != ' ') return;
    char* end2 = nullptr;
    uint64_t size = std::strtoull(end + 1, &end2, 16);
    if (end2 == end + 1 || *end2 != ' ' || !end2[1]) return;
    out.push_back({start, size, std::string(end2 + 1)});
  });
  std::stable_sort(out.begin(), out.end(),
                   [](const PerfMapSym& a, const PerfMapSym& b) { return a.start < b.start; });
  return out;
}

}  // namespace

std::vector<Mapping> parse_maps(const std::string& text) {
  std::vector<Mapping> out;
  for_each_line(text, [&](const std::string& line) {
    Mapping m;
    char perms[8] = {};
    unsigned major = 0, minor = 0;
    unsigned long long start, end, off, ino;
    int consumed = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx %7s %llx %x:%x %llu%n", &start, &end, perms, &off,
                    &major, &minor, &ino, &consumed) != 7)
      return;
    m.start = start;
    m.end = end;
    m.offset = off;
    m.inode = ino;
    m.dev = makedev(major, minor);
    m.exec = std::strchr(perms, 'x') != nullptr;
    size_t p = static_cast<size_t>(consumed);
    while (p < line.size() && line[p] == ' ') p++;
    m.path = line.substr(p);
    static const char kDeleted[] = " (deleted)";
    size_t dl = sizeof kDeleted - 1;
    if (m.path.size() > dl && m.path.compare(m.path.size() - dl, dl, kDeleted) == 0) {
      m.path.resize(m.path.size() - dl);
      m.deleted = true;
    }
    out.push_back(std::move(m));
  });
  std::sort(out.begin(), out.end(), [](const Mapping& a, const Mapping& b) { return a.start < b.start; });
  return out;
}

struct UserSymbols::Process {
  pid_t pid = 0;
  std::vector<Mapping> maps;
  std::vector<std::shared_ptr<const ElfFile>> elfs;  // per mapping, filled lazily
  std::vector<bool> elf_tried;
  uint64_t maps_read_ns = 0;
  bool perf_map_read = false;
  std::vector<PerfMapSym> perf_map;
  std::unordered_map<uint64_t, UserFrame> frames;

  std::string root() const { return "/proc/" + std::to_string(pid) + "/root"; }

  void read_maps() {
    std::string text;
    maps_read_ns = now_ns();
    if (!read_file("/proc/" + std::to_string(pid) + "/maps", text)) return;  // exited: keep what we had
    maps = parse_maps(text);
    elfs.assign(maps.size(), nullptr);
    elf_tried.assign(maps.size(), false);
  }

  // Index of the mapping holding addr, or -1.
  long find(uint64_t addr) const {
    auto it = std::upper_bound(maps.begin(), maps.end(), addr,
                               [](uint64_t a, const Mapping& m) { return a < m.start; });
    if (it == maps.begin()) return -1;
    --it;
    return addr < it->end ? it - maps.begin() : -1;
  }
};

UserSymbols::UserSymbols(UserSymbolsOptions o) : opt_(std::move(o)) {}
UserSymbols::~UserSymbols() = default;

UserSymbols::Process& UserSymbols::process(pid_t pid) {
  auto& p = procs_[pid];
  if (!p) {
    p = std::make_unique<Process>();
    p->pid = pid;
    p->read_maps();
  }
  return *p;
}

void UserSymbols::forget(pid_t pid) { procs_.erase(pid); }

std::shared_ptr<const ElfFile> UserSymbols::load_elf(const std::string& open_path,
                                                     const std::string& logical_path,
                                                     const std::string& root) {
  std::unique_ptr<ElfFile> f = ElfFile::open(open_path);
  if (!f) return nullptr;
  if (f->has_symtab()) return f;

  // Stripped: look for the separate debug file, first by build-id.
  std::vector<std::string> prefixes;
  if (!root.empty()) prefixes.push_back(root);
  prefixes.push_back("");
  if (!f->build_id().empty() && f->build_id().size() > 2) {
    const std::string& id = f->build_id();
    std::string rel = "/.build-id/" + id.substr(0, 2) + "/" + id.substr(2) + ".debug";
    for (const std::string& dir : opt_.debug_dirs)
      for (const std::string& pre : prefixes) {
        std::string cand = pre + dir + rel;
        if (!regular_file(cand)) continue;
        std::unique_ptr<ElfFile> d = ElfFile::open(cand);
        if (d && d->build_id() == id) {
          f->add_symbols_from(*d);
          return f;
        }
      }
  }
  // Then by .gnu_debuglink: beside the file, in .debug/ beside it, or under
  // a debug dir at the file's own directory (gdb's order).
  if (!f->debuglink().empty()) {
    std::string dir = dirname_of(logical_path);
    std::string sep = dir == "/" ? "" : "/";
    std::vector<std::string> cands;
    std::string in_root = root.empty() ? "" : root;
    cands.push_back(in_root + dir + sep + f->debuglink());
    cands.push_back(in_root + dir + sep + ".debug/" + f->debuglink());
    for (const std::string& d : opt_.debug_dirs)
      for (const std::string& pre : prefixes) cands.push_back(pre + d + dir + sep + f->debuglink());
    for (const std::string& cand : cands) {
      if (cand == open_path || !regular_file(cand)) continue;
      std::optional<uint32_t> crc = file_crc32(cand);
      if (!crc || *crc != f->debuglink_crc()) continue;
      std::unique_ptr<ElfFile> d = ElfFile::open(cand);
      if (d) {
        f->add_symbols_from(*d);
        return f;
      }
    }
  }
  return f;
}

std::shared_ptr<const ElfFile> UserSymbols::elf(const std::string& path, const std::string& root) {
  struct stat st;
  std::string full = root + path;
  if (stat(full.c_str(), &st) != 0) return nullptr;
  auto key = std::make_pair(static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino));
  auto it = files_.find(key);
  if (it != files_.end()) return it->second;
  auto f = load_elf(full, path, root);
  files_[key] = f;
  return f;
}

std::shared_ptr<const ElfFile> UserSymbols::vdso(pid_t pid, uint64_t start, uint64_t end) {
  if (end <= start || end - start > kMaxVdsoBytes) return nullptr;
  int fd = open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  std::string image(end - start, '\0');
  ssize_t n = pread(fd, image.data(), image.size(), static_cast<off_t>(start));
  close(fd);
  if (n != static_cast<ssize_t>(image.size())) return nullptr;
  uint32_t crc = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(image.data()), static_cast<uInt>(image.size())));
  auto key = std::make_pair(static_cast<uint64_t>(image.size()), crc);
  auto it = vdsos_.find(key);
  if (it != vdsos_.end()) return it->second;
  std::shared_ptr<const ElfFile> f = ElfFile::from_memory(std::move(image));
  vdsos_[key] = f;
  return f;
}

std::shared_ptr<const ElfFile> UserSymbols::mapping_elf(Process& p, size_t i) {
  if (p.elf_tried[i]) return p.elfs[i];
  p.elf_tried[i] = true;
  const Mapping& m = p.maps[i];
  if (m.path == "[vdso]") return p.elfs[i] = vdso(p.pid, m.start, m.end);
  if (m.inode == 0 || m.path.empty() || m.path[0] != '/') return nullptr;
  auto key = std::make_pair(m.dev, m.inode);
  auto it = files_.find(key);
  if (it != files_.end()) return p.elfs[i] = it->second;
  // Prefer the path that is provably the mapped file (same dev+inode):
  // through the process's root, else its map_files link (root only, and the
  // way to a deleted file); else whichever opens.
  std::string via_root = p.root() + m.path;
  char range[64];
  std::snprintf(range, sizeof range, "/map_files/%" PRIx64 "-%" PRIx64, m.start, m.end);
  std::string via_map_files = "/proc/" + std::to_string(p.pid) + range;
  std::string chosen;
  if (!m.deleted && same_file(via_root, m.dev, m.inode)) chosen = via_root;
  else if (same_file(via_map_files, m.dev, m.inode)) chosen = via_map_files;
  else if (!m.deleted && regular_file(via_root)) chosen = via_root;
  else if (regular_file(via_map_files)) chosen = via_map_files;
  // Only what was read from the file is cached for every process: a process
  // that exits between its maps and this open (its root and map_files are
  // gone) says nothing about the file, and caching that miss would hide the
  // file's symbols from every other process.
  if (chosen.empty()) return nullptr;
  return p.elfs[i] = files_[key] = load_elf(chosen, m.path, p.root());
}

// JIT code: the runtime may describe it in a perf map.
static void read_perf_map(UserSymbols::Process& p);

UserFrame UserSymbols::resolve(pid_t pid, uint64_t addr) {
  Process& p = process(pid);
  auto cached = p.frames.find(addr);
  if (cached != p.frames.end()) return cached->second;

  long i = p.find(addr);
  if (i < 0 && now_ns() - p.maps_read_ns >= kMapsRefreshNs) {
    p.read_maps();
    p.frames.clear();
    i = p.find(addr);
  }
  UserFrame fr;
  if (i < 0) return p.frames[addr] = fr;

  const Mapping& m = p.maps[static_cast<size_t>(i)];
  fr.module = m.path;
  fr.module_offset = addr - m.start + (m.path == "[vdso]" ? 0 : m.offset);
  if (m.exec && (m.path.empty() || m.path.rfind("[anon", 0) == 0)) {
    read_perf_map(p);
    auto it = std::upper_bound(p.perf_map.begin(), p.perf_map.end(), addr,
                               [](uint64_t a, const PerfMapSym& s) { return a < s.start; });
    if (it != p.perf_map.begin()) {
      --it;
      if (addr - it->start < std::max<uint64_t>(it->size, 1)) {
        fr.name = it->name;
        fr.offset = addr - it->start;
      }
    }
    return p.frames[addr] = fr;
  }
  if (std::shared_ptr<const ElfFile> f = mapping_elf(p, static_cast<size_t>(i))) {
    if (std::optional<uint64_t> vaddr = f->offset_to_vaddr(fr.module_offset)) {
      if (std::optional<ElfFile::Hit> h = f->lookup(*vaddr)) {
        fr.name = opt_.demangle ? demangle(h->name) : std::string(h->name);
        fr.offset = *vaddr - h->start;
      }
    }
  }
  return p.frames[addr] = fr;
}

static void read_perf_map(UserSymbols::Process& p) {
  if (p.perf_map_read) return;
  p.perf_map_read = true;
  std::string text;
  if (read_file(p.root() + "/tmp/perf-" + std::to_string(ns_pid(p.pid)) + ".map", text) ||
      read_file("/tmp/perf-" + std::to_string(p.pid) + ".map", text))
    p.perf_map = parse_perf_map(text);
}

void UserSymbols::keep(pid_t pid) {
  Process& p = process(pid);
  for (size_t i = 0; i < p.maps.size(); i++) {
    const Mapping& m = p.maps[i];
    if (!m.exec) continue;
    if (m.path.empty() || m.path.rfind("[anon", 0) == 0) read_perf_map(p);
    else mapping_elf(p, i);
  }
}

std::string UserSymbols::name_in_executable(const std::string& path, uint64_t code_start,
                                            uint64_t addr) {
  std::shared_ptr<const ElfFile> f = elf(path);
  if (!f || addr < code_start) return "";
  std::optional<uint64_t> lowest;
  for (const ElfSegment& s : f->segments())
    if (s.exec && (!lowest || s.vaddr < *lowest)) lowest = s.vaddr;
  if (!lowest) return "";
  std::optional<ElfFile::Hit> h = f->lookup(addr - code_start + *lowest);
  if (!h) return "";
  return opt_.demangle ? demangle(h->name) : std::string(h->name);
}

std::string UserSymbols::name_of(pid_t pid, uint64_t addr) {
  UserFrame f = resolve(pid, addr);
  if (f.known()) return f.name;
  if (f.module == "[vdso]") return "[vdso]";
  return "[unknown]";
}

std::string UserSymbols::describe(pid_t pid, uint64_t addr) {
  UserFrame f = resolve(pid, addr);
  char buf[64];
  std::string r;
  if (f.known()) {
    std::snprintf(buf, sizeof buf, "+0x%" PRIx64, f.offset);
    r = f.name + buf;
  } else {
    r = "[unknown]";
  }
  if (!f.module.empty()) {
    std::snprintf(buf, sizeof buf, "+0x%" PRIx64 ")", f.module_offset);
    r += " (" + f.module + buf;
  }
  return r;
}

}  // namespace cs
