// User symbols against the ELF fixtures built in tests/unit/fixtures: files
// read directly (symbols checked against an independent nm-like read done
// here with libelf), and the fixtures run as child processes that print
// where their functions really are, resolved through /proc/PID/maps (load
// bias of PIEs and shared libraries, debug files by build-id and
// debuglink, another mount namespace, a deleted file), plus this test
// process itself, its [vdso] and a JIT perf map.
#include <fcntl.h>
#include <gelf.h>
#include <gtest/gtest.h>
#include <libelf.h>
#include <sched.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "common/symbols/elf_file.h"
#include "common/symbols/usyms.h"

namespace cstest_usyms {
// Resolved in this very process via /proc/self/maps.
__attribute__((noinline)) int self_target(int x) {
  volatile int acc = x;
  for (int i = 0; i < 3; i++) acc = acc * 31 + i;
  return acc;
}
}  // namespace cstest_usyms

namespace {

const std::string kFix = CS_FIXTURE_DIR;

// nm-like: the value of a defined symbol, read here without the code under test.
uint64_t nm(const std::string& path, const std::string& want) {
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  Elf* e = elf_begin(fd, ELF_C_READ, nullptr);
  uint64_t found = 0;
  for (Elf_Scn* s = e ? elf_nextscn(e, nullptr) : nullptr; s && !found; s = elf_nextscn(e, s)) {
    GElf_Shdr sh;
    gelf_getshdr(s, &sh);
    if (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) continue;
    Elf_Data* d = elf_getdata(s, nullptr);
    for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
      GElf_Sym sym;
      gelf_getsym(d, static_cast<int>(i), &sym);
      const char* n = elf_strptr(e, sh.sh_link, sym.st_name);
      if (n && want == n && sym.st_shndx != SHN_UNDEF) found = sym.st_value;
    }
  }
  if (e) elf_end(e);
  close(fd);
  return found;
}

// A fixture running as a child: its stdin is a pipe we hold open; it prints
// "name 0xaddress" lines and "ready".
struct Child {
  pid_t pid = -1;
  int in = -1;
  std::map<std::string, uint64_t> addrs;

  explicit Child(const std::string& path) { start([&] { execl(path.c_str(), path.c_str(), nullptr); }); }
  template <class F>
  explicit Child(F exec_fn, int) {
    start(exec_fn);
  }
  template <class F>
  void start(F exec_fn) {
    int inp[2], outp[2];
    if (pipe2(inp, O_CLOEXEC) || pipe2(outp, O_CLOEXEC)) return;
    pid = fork();
    if (pid == 0) {
      dup2(inp[0], 0);
      dup2(outp[1], 1);
      exec_fn();
      _exit(127);
    }
    close(inp[0]);
    close(outp[1]);
    in = inp[1];
    std::string text;
    char buf[512];
    while (text.find("ready") == std::string::npos) {
      ssize_t n = read(outp[0], buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<size_t>(n));
    }
    close(outp[0]);
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
      size_t sp = line.rfind(' ');
      if (sp == std::string::npos || line.rfind("ready", 0) == 0) continue;
      addrs[line.substr(0, sp)] = std::strtoull(line.c_str() + sp + 1, nullptr, 16);
    }
  }
  bool ready() const { return pid > 0 && !addrs.empty(); }
  ~Child() {
    if (in >= 0) close(in);
    if (pid > 0) {
      int st;
      waitpid(pid, &st, 0);
    }
  }
};

void expect_resolves_all(cs::UserSymbols& us, const Child& c) {
  ASSERT_TRUE(c.ready());
  for (auto& [name, addr] : c.addrs) {
    EXPECT_EQ(us.name_of(c.pid, addr), name) << std::hex << addr;
    cs::UserFrame f = us.resolve(c.pid, addr + 2);  // inside the function too
    EXPECT_EQ(f.name, name);
    EXPECT_EQ(f.offset, 2u) << name;
  }
}

TEST(usyms, ParseMaps) {
  auto maps = cs::parse_maps(
      "00400000-00452000 r-xp 00001000 fd:01 1234                       /usr/bin/my prog\n"
      "7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n"
      "7f0000002000-7f0000003000 r-xp 00002000 08:02 99   /tmp/gone (deleted)\n"
      "7ffc00000000-7ffc00002000 r-xp 00000000 00:00 0                  [vdso]\n"
      "garbage line\n");
  ASSERT_EQ(maps.size(), 4u);
  EXPECT_EQ(maps[0].start, 0x400000u);
  EXPECT_EQ(maps[0].end, 0x452000u);
  EXPECT_EQ(maps[0].offset, 0x1000u);
  EXPECT_EQ(maps[0].dev, makedev(0xfd, 1));
  EXPECT_EQ(maps[0].inode, 1234u);
  EXPECT_TRUE(maps[0].exec);
  EXPECT_EQ(maps[0].path, "/usr/bin/my prog");
  EXPECT_FALSE(maps[1].exec);
  EXPECT_EQ(maps[1].path, "");
  EXPECT_EQ(maps[2].path, "/tmp/gone");
  EXPECT_TRUE(maps[2].deleted);
  EXPECT_EQ(maps[3].path, "[vdso]");
}

TEST(usyms, Demangle) {
  EXPECT_EQ(cs::demangle("_ZN5csfix9pie_gammaEi"), "csfix::pie_gamma(int)");
  EXPECT_EQ(cs::demangle("main"), "main");
  EXPECT_EQ(cs::demangle("_Znotmangled"), "_Znotmangled");
}

TEST(usyms, NonPieExecutableFile) {
  auto f = cs::ElfFile::open(kFix + "/exe_nopie");
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->is_dyn());
  EXPECT_TRUE(f->has_symtab());
  for (const char* fn : {"cs_fixture_alpha", "cs_fixture_beta", "main"}) {
    uint64_t a = nm(kFix + "/exe_nopie", fn);
    ASSERT_NE(a, 0u) << fn;
    auto hit = f->lookup(a + 1);
    ASSERT_TRUE(hit) << fn;
    EXPECT_EQ(hit->name, fn);
    EXPECT_EQ(hit->start, a);
  }
  EXPECT_FALSE(f->lookup(0x10));
}

TEST(usyms, SharedLibraryFileAndOffsetToVaddr) {
  std::string lib = kFix + "/libcsfixture.so";
  auto f = cs::ElfFile::open(lib);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->is_dyn());
  EXPECT_EQ(f->build_id().size(), 40u);  // sha1
  uint64_t a = nm(lib, "cs_fixture_lib_beta");
  ASSERT_NE(a, 0u);
  EXPECT_EQ(f->lookup(a + 3)->name, "cs_fixture_lib_beta");
  // The executable segment maps file offsets to addresses with its own delta.
  bool checked = false;
  for (const cs::ElfSegment& s : f->segments()) {
    if (!s.exec) continue;
    EXPECT_EQ(f->offset_to_vaddr(s.offset + 0x10), s.vaddr + 0x10);
    checked = true;
  }
  EXPECT_TRUE(checked);
  EXPECT_FALSE(f->offset_to_vaddr(1ull << 40));
}

TEST(usyms, StrippedBinaryFindsDebugFileByBuildId) {
  std::string path = kFix + "/stripped_bid";
  auto raw = cs::ElfFile::open(path);
  ASSERT_TRUE(raw);
  EXPECT_FALSE(raw->has_symtab());
  EXPECT_EQ(raw->build_id(), "c5f1e7d00dba5eba11fee1900d0123456789abcd");
  std::string dbg = kFix + "/debug/.build-id/c5/f1e7d00dba5eba11fee1900d0123456789abcd.debug";
  uint64_t a = nm(dbg, "cs_fixture_alpha");
  ASSERT_NE(a, 0u);
  EXPECT_FALSE(raw->lookup(a + 1)) << "a stripped file should not know cs_fixture_alpha";

  cs::UserSymbols with({{kFix + "/debug"}, true});
  auto f = with.elf(path);
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->has_symtab());
  ASSERT_TRUE(f->lookup(a + 1));
  EXPECT_EQ(f->lookup(a + 1)->name, "cs_fixture_alpha");

  cs::UserSymbols without({{}, true});
  auto g = without.elf(path);
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->lookup(a + 1));
}

TEST(usyms, StrippedBinaryFindsDebugFileByDebuglink) {
  for (auto [bin, dbg] : {std::pair<std::string, std::string>{"stripped_link", ".debug/stripped_link.debug"},
                          {"stripped_beside", "stripped_beside.debug"}}) {
    SCOPED_TRACE(bin);
    auto raw = cs::ElfFile::open(kFix + "/" + bin);
    ASSERT_TRUE(raw);
    EXPECT_FALSE(raw->has_symtab());
    EXPECT_TRUE(raw->build_id().empty());
    EXPECT_EQ(raw->debuglink(), bin + ".debug");
    EXPECT_EQ(cs::file_crc32(kFix + "/" + dbg), raw->debuglink_crc());
    uint64_t a = nm(kFix + "/" + dbg, "cs_fixture_beta");
    ASSERT_NE(a, 0u);
    cs::UserSymbols us({{}, true});  // no debug dirs: beside / .debug only
    auto f = us.elf(kFix + "/" + bin);
    ASSERT_TRUE(f);
    ASSERT_TRUE(f->lookup(a + 4));
    EXPECT_EQ(f->lookup(a + 4)->name, "cs_fixture_beta");
  }
}

// A debug file whose CRC does not match the link is not used.
TEST(usyms, DebuglinkWithWrongCrcIsIgnored) {
  char dir[] = "/tmp/cs-usyms-XXXXXX";
  ASSERT_TRUE(mkdtemp(dir));
  std::string d = dir;
  {
    std::ifstream src(kFix + "/stripped_beside", std::ios::binary);
    std::ofstream dst(d + "/stripped_beside", std::ios::binary);
    dst << src.rdbuf();
    std::ifstream other(kFix + "/exe_nopie", std::ios::binary);  // an ELF with symbols, wrong CRC
    std::ofstream bad(d + "/stripped_beside.debug", std::ios::binary);
    bad << other.rdbuf();
  }
  cs::UserSymbols us({{}, true});
  auto f = us.elf(d + "/stripped_beside");
  ASSERT_TRUE(f);
  EXPECT_FALSE(f->has_symtab());
  EXPECT_FALSE(f->address_of("cs_fixture_alpha"));
  unlink((d + "/stripped_beside").c_str());
  unlink((d + "/stripped_beside.debug").c_str());
  rmdir(dir);
}

TEST(usyms, RunningNonPieExecutable) {
  Child c(kFix + "/exe_nopie");
  cs::UserSymbols us;
  expect_resolves_all(us, c);
  EXPECT_EQ(c.addrs.at("cs_fixture_alpha"), nm(kFix + "/exe_nopie", "cs_fixture_alpha"));
  cs::UserFrame f = us.resolve(c.pid, c.addrs.at("cs_fixture_alpha"));
  EXPECT_EQ(f.module, kFix + "/exe_nopie");
}

TEST(usyms, RunningPieAndSharedLibraryWithLoadBias) {
  Child c(kFix + "/exe_pie");
  ASSERT_TRUE(c.ready());
  EXPECT_EQ(c.addrs.size(), 5u);
  // Both images really are relocated: runtime address != ELF address.
  uint64_t file_pie = nm(kFix + "/exe_pie", "cs_fixture_pie_alpha");
  uint64_t file_lib = nm(kFix + "/libcsfixture.so", "cs_fixture_lib_alpha");
  ASSERT_NE(file_pie, 0u);
  ASSERT_NE(file_lib, 0u);
  EXPECT_NE(c.addrs.at("cs_fixture_pie_alpha"), file_pie);
  EXPECT_NE(c.addrs.at("cs_fixture_lib_alpha"), file_lib);
  cs::UserSymbols us;
  expect_resolves_all(us, c);  // includes demangled "csfix::pie_gamma(int)"
  cs::UserFrame lib = us.resolve(c.pid, c.addrs.at("cs_fixture_lib_beta"));
  EXPECT_EQ(lib.module, kFix + "/libcsfixture.so");
  EXPECT_EQ(us.describe(c.pid, c.addrs.at("cs_fixture_lib_beta") + 1).find("cs_fixture_lib_beta+0x1 ("),
            0u);
  cs::UserSymbols raw({{"/usr/lib/debug"}, false});
  EXPECT_EQ(raw.name_of(c.pid, c.addrs.at("csfix::pie_gamma(int)")), "_ZN5csfix9pie_gammaEi");
}

TEST(usyms, RunningStrippedBinariesUseTheirDebugFiles) {
  cs::UserSymbols us({{kFix + "/debug"}, true});
  for (const char* bin : {"stripped_bid", "stripped_link", "stripped_beside"}) {
    SCOPED_TRACE(bin);
    Child c(kFix + "/" + bin);
    expect_resolves_all(us, c);
  }
  // Without the build-id directory the first one cannot be resolved.
  Child c(kFix + "/stripped_bid");
  ASSERT_TRUE(c.ready());
  cs::UserSymbols none({{}, true});
  EXPECT_EQ(none.name_of(c.pid, c.addrs.at("cs_fixture_alpha")), "[unknown]");
}

TEST(usyms, ThisProcessThroughProcSelfMaps) {
  cs::UserSymbols us;
  uint64_t a = reinterpret_cast<uint64_t>(&cstest_usyms::self_target);
  EXPECT_EQ(us.name_of(getpid(), a), "cstest_usyms::self_target(int)");
  EXPECT_EQ(us.name_of(getpid(), a + 1), "cstest_usyms::self_target(int)");
  EXPECT_EQ(us.name_of(getpid(), 0x10), "[unknown]");
  EXPECT_EQ(cstest_usyms::self_target(1) != 0, true);
}

TEST(usyms, Vdso) {
  uint64_t base = getauxval(AT_SYSINFO_EHDR);
  if (!base) GTEST_SKIP() << "no vdso";
  // Find __vdso_clock_gettime in the image with plain libelf, here.
  std::string maps;
  {
    std::ifstream m("/proc/self/maps");
    std::stringstream ss;
    ss << m.rdbuf();
    maps = ss.str();
  }
  uint64_t end = 0;
  for (auto& m : cs::parse_maps(maps))
    if (m.path == "[vdso]") end = m.end;
  ASSERT_GT(end, base);
  elf_version(EV_CURRENT);
  std::string image(reinterpret_cast<const char*>(base), end - base);
  Elf* e = elf_memory(image.data(), image.size());
  ASSERT_TRUE(e);
  uint64_t vaddr = 0, first_load = UINT64_MAX;
  size_t nph = 0;
  elf_getphdrnum(e, &nph);
  for (size_t i = 0; i < nph; i++) {
    GElf_Phdr ph;
    gelf_getphdr(e, static_cast<int>(i), &ph);
    if (ph.p_type == PT_LOAD) first_load = std::min<uint64_t>(first_load, ph.p_vaddr - ph.p_offset);
  }
  for (Elf_Scn* s = elf_nextscn(e, nullptr); s; s = elf_nextscn(e, s)) {
    GElf_Shdr sh;
    gelf_getshdr(s, &sh);
    if (sh.sh_type != SHT_DYNSYM) continue;
    Elf_Data* d = elf_getdata(s, nullptr);
    for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
      GElf_Sym sym;
      gelf_getsym(d, static_cast<int>(i), &sym);
      const char* n = elf_strptr(e, sh.sh_link, sym.st_name);
      if (n && std::strcmp(n, "__vdso_clock_gettime") == 0) vaddr = sym.st_value;
    }
  }
  elf_end(e);
  if (!vaddr) GTEST_SKIP() << "vdso has no __vdso_clock_gettime";
  uint64_t runtime = base + (vaddr - first_load);
  cs::UserSymbols us;
  std::string name = us.name_of(getpid(), runtime + 1);
  EXPECT_TRUE(name == "__vdso_clock_gettime" || name == "clock_gettime") << name;
  EXPECT_EQ(us.resolve(getpid(), runtime).module, "[vdso]");
}

TEST(usyms, JitPerfMap) {
  void* code = mmap(nullptr, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(code, MAP_FAILED);
  uint64_t a = reinterpret_cast<uint64_t>(code);
  std::string path = "/tmp/perf-" + std::to_string(getpid()) + ".map";
  {
    std::ofstream pm(path);
    pm << std::hex << a << " 40 cs_jit_function_one\n" << (a + 0x40) << " 40 Lcs/jit/Two;::run\n";
  }
  cs::UserSymbols us;
  EXPECT_EQ(us.name_of(getpid(), a + 0x10), "cs_jit_function_one");
  EXPECT_EQ(us.name_of(getpid(), a + 0x41), "Lcs/jit/Two;::run");
  EXPECT_EQ(us.name_of(getpid(), a + 0x100), "[unknown]");
  unlink(path.c_str());
  munmap(code, 4096);
}

// A file that is gone from the filesystem is still found through map_files.
TEST(usyms, DeletedExecutable) {
  if (geteuid() != 0) GTEST_SKIP() << "map_files needs CAP_SYS_ADMIN";
  char dir[] = "/tmp/cs-usyms-XXXXXX";
  ASSERT_TRUE(mkdtemp(dir));
  std::string copy = std::string(dir) + "/gone_prog";
  {
    std::ifstream src(kFix + "/exe_nopie", std::ios::binary);
    std::ofstream dst(copy, std::ios::binary);
    dst << src.rdbuf();
  }
  chmod(copy.c_str(), 0755);
  Child c(copy);
  unlink(copy.c_str());
  rmdir(dir);
  cs::UserSymbols us;
  expect_resolves_all(us, c);
}

// A process in another mount namespace: its executable lives on a tmpfs only
// that namespace sees, reached through /proc/PID/root.
TEST(usyms, OtherMountNamespace) {
  char dir[] = "/tmp/cs-usyms-ns-XXXXXX";
  ASSERT_TRUE(mkdtemp(dir));
  std::string d = dir, src = kFix + "/exe_nopie";
  uid_t uid = geteuid();
  gid_t gid = getegid();
  Child c(
      [&] {
        auto write_file = [](const char* p, const std::string& s) {
          int fd = open(p, O_WRONLY | O_CLOEXEC);
          if (fd < 0) return false;
          bool ok = write(fd, s.data(), s.size()) == static_cast<ssize_t>(s.size());
          close(fd);
          return ok;
        };
        if (unshare(CLONE_NEWNS) != 0) {
          if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) _exit(77);
          write_file("/proc/self/setgroups", "deny");
          write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1");
          write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1");
        }
        if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) _exit(77);
        if (mount("cs-usyms", d.c_str(), "tmpfs", 0, "mode=0755") != 0) _exit(77);
        std::string dst = d + "/ns_prog";
        int in = open(src.c_str(), O_RDONLY | O_CLOEXEC);
        int out = open(dst.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0755);
        if (in < 0 || out < 0) _exit(77);
        char buf[65536];
        ssize_t n;
        while ((n = read(in, buf, sizeof buf)) > 0)
          if (write(out, buf, static_cast<size_t>(n)) != n) _exit(77);
        close(in);
        close(out);
        execl(dst.c_str(), dst.c_str(), nullptr);
      },
      0);
  if (!c.ready()) {
    rmdir(dir);
    GTEST_SKIP() << "cannot create a mount namespace here";
  }
  // Not visible from our namespace: only /proc/PID/root leads to it.
  EXPECT_NE(access((d + "/ns_prog").c_str(), F_OK), 0);
  cs::UserSymbols us;
  expect_resolves_all(us, c);
  EXPECT_EQ(us.resolve(c.pid, c.addrs.at("cs_fixture_beta")).module, d + "/ns_prog");
  close(c.in);
  c.in = -1;
  int st;
  waitpid(c.pid, &st, 0);
  c.pid = -1;
  rmdir(dir);
}

TEST(usyms, ProcessThatIsGoneIsUnknown) {
  pid_t p = fork();
  if (p == 0) _exit(0);
  int st;
  waitpid(p, &st, 0);
  cs::UserSymbols us;
  EXPECT_EQ(us.name_of(p, 0x401000), "[unknown]");
  EXPECT_EQ(us.describe(p, 0x401000), "[unknown]");
}

// A process that exits after its maps were read but before its file was
// opened (its /proc root is gone) must not hide that file's symbols from
// the next process that maps it: the miss is the process's, not the file's.
TEST(usyms, ExitBetweenMapsAndOpenDoesNotHideTheFile) {
  cs::UserSymbols us;
  uint64_t alpha = 0;
  pid_t gone_pid = 0;
  {
    Child gone(kFix + "/exe_nopie");
    ASSERT_TRUE(gone.ready());
    alpha = gone.addrs.at("cs_fixture_alpha");
    gone_pid = gone.pid;
    EXPECT_EQ(us.name_of(gone.pid, 1), "[unknown]");  // reads its maps, opens nothing
    kill(gone.pid, SIGKILL);
  }  // reaped: /proc/PID is gone, its maps stay cached
  // Its mapping of the file is known, the file cannot be opened through it.
  EXPECT_EQ(us.name_of(gone_pid, alpha), "[unknown]");
  Child next(kFix + "/exe_nopie");
  ASSERT_TRUE(next.ready());
  EXPECT_EQ(us.name_of(next.pid, alpha), "cs_fixture_alpha");
}

// keep() while the process lives: its maps and files are held, so its
// addresses resolve after it exits and /proc/PID is gone (the stack tools
// call it while they trace and resolve at the end).
TEST(usyms, KeptProcessResolvesAfterItExits) {
  cs::UserSymbols us;
  uint64_t alpha = 0;
  pid_t gone_pid = 0;
  {
    Child gone(kFix + "/exe_pie");
    ASSERT_TRUE(gone.ready());
    alpha = gone.addrs.at("cs_fixture_pie_alpha");
    gone_pid = gone.pid;
    us.keep(gone.pid);
    kill(gone.pid, SIGKILL);
  }  // reaped
  ASSERT_NE(access(("/proc/" + std::to_string(gone_pid)).c_str(), F_OK), 0);
  EXPECT_EQ(us.name_of(gone_pid, alpha), "cs_fixture_pie_alpha");
  // Without keep() the same exit leaves nothing to resolve with.
  cs::UserSymbols fresh;
  EXPECT_EQ(fresh.name_of(gone_pid, alpha), "[unknown]");
}

// A process already gone: its main program's function from the executable
// and mm->start_code (the lowest PF_X p_vaddr plus the load bias).
TEST(usyms, NameInExecutableWithoutTheProcess) {
  const std::string pie = kFix + "/exe_pie";
  elf_version(EV_CURRENT);
  int fd = open(pie.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  Elf* e = elf_begin(fd, ELF_C_READ, nullptr);
  size_t n = 0;
  ASSERT_EQ(elf_getphdrnum(e, &n), 0);
  uint64_t lowest_exec = UINT64_MAX;
  for (size_t k = 0; k < n; k++) {
    GElf_Phdr ph;
    if (gelf_getphdr(e, static_cast<int>(k), &ph) && ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
      lowest_exec = std::min<uint64_t>(lowest_exec, ph.p_vaddr);
  }
  elf_end(e);
  close(fd);
  ASSERT_NE(lowest_exec, UINT64_MAX);
  const uint64_t bias = 0x555555554000;
  uint64_t alpha = nm(pie, "cs_fixture_pie_alpha");
  ASSERT_NE(alpha, 0u);
  cs::UserSymbols us;
  EXPECT_EQ(us.name_in_executable(pie, bias + lowest_exec, bias + alpha), "cs_fixture_pie_alpha");
  EXPECT_EQ(us.name_in_executable(pie, bias + lowest_exec, bias + lowest_exec - 1), "");
  EXPECT_EQ(us.name_in_executable("/nonexistent/exe", bias, bias + alpha), "");
}

}  // namespace
