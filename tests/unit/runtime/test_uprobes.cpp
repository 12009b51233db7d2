// common/uprobes: ld.so.cache images built here byte by byte, library lookup
// under a scratch root, and function file offsets in the ELF fixtures
// checked against their section headers (the code under test uses the
// program headers).
#include <fcntl.h>
#include <gelf.h>
#include <gtest/gtest.h>
#include <libelf.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "common/runtime/uprobes.h"

extern "C" __attribute__((noinline, used)) void cs_uprobes_target() noexcept { asm volatile(""); }
extern "C" void cs_uprobes_alias() noexcept __attribute__((alias("cs_uprobes_target")));

namespace {

const std::string kFix = CS_FIXTURE_DIR;

struct CacheEntry {
  int32_t flags;
  std::string key, value;
};

void put32(std::string& s, uint32_t v) { s.append(reinterpret_cast<const char*>(&v), 4); }

// glibc's new-format table: header, entries, then the strings, whose offsets
// count from the start of the table.
std::string new_cache(const std::vector<CacheEntry>& entries) {
  std::string head = "glibc-ld.so.cache1.1";
  std::string strings;
  std::vector<std::pair<uint32_t, uint32_t>> offs;
  size_t strings_at = 48 + entries.size() * 24;
  for (const CacheEntry& e : entries) {
    uint32_t k = strings_at + strings.size();
    strings += e.key + '\0';
    uint32_t v = strings_at + strings.size();
    strings += e.value + '\0';
    offs.emplace_back(k, v);
  }
  put32(head, entries.size());
  put32(head, strings.size());
  put32(head, 2);  // flags byte + padding
  put32(head, 0);  // extension offset
  for (int i = 0; i < 3; i++) put32(head, 0);
  for (size_t i = 0; i < entries.size(); i++) {
    put32(head, static_cast<uint32_t>(entries[i].flags));
    put32(head, offs[i].first);
    put32(head, offs[i].second);
    put32(head, 0);
    put32(head, 0);
    put32(head, 0);  // hwcap, 64 bits
  }
  return head + strings;
}

const std::vector<CacheEntry> kEntries = {
    {0x0303, "libm.so.6", "/lib/x86_64-linux-gnu/libm.so.6"},
    {0x0003, "libc.so.6", "/lib32/libc.so.6"},  // i386: no x86-64 flag
    {0x0303, "libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"},
    {0x0903, "libc.so.6", "/libx32/libc.so.6"},  // x32
};

TEST(uprobes, CacheLookupKeepsX8664EntriesOnly) {
  std::string c = new_cache(kEntries);
  EXPECT_EQ(cs::ld_so_cache_lookup(c, "libc.so.6"),
            std::vector<std::string>{"/lib/x86_64-linux-gnu/libc.so.6"});
  EXPECT_EQ(cs::ld_so_cache_lookup(c, "libm.so.6"),
            std::vector<std::string>{"/lib/x86_64-linux-gnu/libm.so.6"});
  EXPECT_TRUE(cs::ld_so_cache_lookup(c, "libc.so").empty());
  EXPECT_TRUE(cs::ld_so_cache_lookup(c, "libnothere.so.1").empty());
}

TEST(uprobes, CacheLookupAfterTheOldFormat) {
  // Old table: magic, u32 nlibs, 12-byte entries; the new table follows,
  // 8-byte aligned, with offsets counting from its own start.
  std::string old = "ld.so-1.7.0";
  old.push_back('\0');
  put32(old, 1);
  put32(old, 1);
  put32(old, 0);
  put32(old, 0);
  while (old.size() % 8) old.push_back('\0');
  std::string c = old + new_cache(kEntries);
  EXPECT_EQ(cs::ld_so_cache_lookup(c, "libc.so.6"),
            std::vector<std::string>{"/lib/x86_64-linux-gnu/libc.so.6"});
}

TEST(uprobes, MalformedCacheGivesNothing) {
  std::string c = new_cache(kEntries);
  EXPECT_TRUE(cs::ld_so_cache_lookup("", "libc.so.6").empty());
  EXPECT_TRUE(cs::ld_so_cache_lookup("garbage", "libc.so.6").empty());
  EXPECT_TRUE(cs::ld_so_cache_lookup(c.substr(0, 60), "libc.so.6").empty());  // entries cut off
  std::string huge = c;
  uint32_t n = 0x10000000;
  std::memcpy(&huge[20], &n, 4);  // more entries than the file holds
  EXPECT_TRUE(cs::ld_so_cache_lookup(huge, "libc.so.6").empty());
  std::string past = c;
  uint32_t far = 0xfffffff0;
  std::memcpy(&past[48 + 2 * 24 + 8], &far, 4);  // a value offset past the end
  EXPECT_TRUE(cs::ld_so_cache_lookup(past, "libc.so.6").empty());
  std::string unterminated = c.substr(0, c.size() - 1);  // last string lacks its NUL
  EXPECT_EQ(cs::ld_so_cache_lookup(unterminated, "libc.so.6").size(), 1u);
}

class UprobesRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/cs-uprobes-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override {
    for (auto it = made_.rbegin(); it != made_.rend(); ++it) remove(it->c_str());
    rmdir(root_.c_str());
  }
  void mkdirs(const std::string& rel) {
    std::string p = root_;
    size_t pos = 1;
    while (pos <= rel.size()) {
      size_t slash = rel.find('/', pos);
      if (slash == std::string::npos) slash = rel.size();
      p = root_ + rel.substr(0, slash);
      if (mkdir(p.c_str(), 0755) == 0) made_.push_back(p);
      pos = slash + 1;
    }
  }
  void write(const std::string& rel, const std::string& data) {
    mkdirs(rel.substr(0, rel.rfind('/')));
    std::ofstream(root_ + rel, std::ios::binary) << data;
    made_.push_back(root_ + rel);
  }
  static std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  }
  std::string root_;
  std::vector<std::string> made_;
};

TEST_F(UprobesRoot, FindLibraryThroughTheCache) {
  std::string elf = slurp(kFix + "/libcsfixture.so");
  ASSERT_FALSE(elf.empty());
  write("/opt/odd/libfoo.so.1", elf);
  write("/etc/ld.so.cache", new_cache({{0x0303, "libfoo.so.1", "/opt/odd/libfoo.so.1"}}));
  EXPECT_EQ(cs::find_library("libfoo.so.1", root_), root_ + "/opt/odd/libfoo.so.1");
}

TEST_F(UprobesRoot, FindLibraryInStandardDirectoriesSkippingNonElf) {
  write("/lib/x86_64-linux-gnu/libfoo.so.1", "not an ELF file");
  EXPECT_EQ(cs::find_library("libfoo.so.1", root_), "");
  write("/usr/lib64/libfoo.so.1", slurp(kFix + "/libcsfixture.so"));
  // A cache entry whose file is missing falls through to the directories.
  write("/etc/ld.so.cache", new_cache({{0x0303, "libfoo.so.1", "/gone/libfoo.so.1"}}));
  EXPECT_EQ(cs::find_library("libfoo.so.1", root_), root_ + "/usr/lib64/libfoo.so.1");
  EXPECT_EQ(cs::find_library("libbar.so.1", root_), "");
  EXPECT_TRUE(cs::is_x86_64_elf(root_ + "/usr/lib64/libfoo.so.1"));
  EXPECT_FALSE(cs::is_x86_64_elf(root_ + "/lib/x86_64-linux-gnu/libfoo.so.1"));
}

// nm-like, from the section headers: symbol value -> file offset through the
// section that holds it.
uint64_t offset_by_sections(const std::string& path, const std::string& func) {
  elf_version(EV_CURRENT);
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  Elf* e = elf_begin(fd, ELF_C_READ, nullptr);
  uint64_t value = 0;
  size_t shndx = 0;
  for (Elf_Scn* s = elf_nextscn(e, nullptr); s && !value; s = elf_nextscn(e, s)) {
    GElf_Shdr sh;
    gelf_getshdr(s, &sh);
    if (sh.sh_type != SHT_SYMTAB) continue;
    Elf_Data* d = elf_getdata(s, nullptr);
    for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
      GElf_Sym sym;
      gelf_getsym(d, static_cast<int>(i), &sym);
      const char* n = elf_strptr(e, sh.sh_link, sym.st_name);
      if (n && func == n && sym.st_shndx != SHN_UNDEF) {
        value = sym.st_value;
        shndx = sym.st_shndx;
        break;
      }
    }
  }
  GElf_Shdr text;
  gelf_getshdr(elf_getscn(e, shndx), &text);
  elf_end(e);
  close(fd);
  return value - text.sh_addr + text.sh_offset;
}

TEST(uprobes, FunctionFileOffsetInLibraryAndExecutable) {
  for (const auto& [file, func] : {std::pair<std::string, std::string>{"libcsfixture.so", "cs_fixture_lib_beta"},
                                   {"exe_nopie", "cs_fixture_alpha"}}) {
    SCOPED_TRACE(file);
    std::string path = kFix + "/" + file;
    auto off = cs::function_file_offset(path, func);
    ASSERT_TRUE(off.has_value());
    EXPECT_EQ(*off, offset_by_sections(path, func));
    EXPECT_TRUE(cs::elf_defines(path, func));
    EXPECT_FALSE(cs::elf_defines(path, "cs_no_such_function"));
  }
  // exe_nopie is linked at 0x400000: its offsets differ from its addresses.
  EXPECT_LT(*cs::function_file_offset(kFix + "/exe_nopie", "cs_fixture_alpha"), 0x400000u);
  EXPECT_FALSE(cs::function_file_offset("/nonexistent", "main").has_value());
  EXPECT_FALSE(cs::function_file_offset("/proc/self/status", "main").has_value());
}

// A function known under several names at one address (as glibc's
// pthread_create, __pthread_create_2_1, ...) is found by each of them.
TEST(uprobes, AliasesAtOneAddress) {
  void (*volatile keep)() = cs_uprobes_alias;  // keeps both in the binary
  keep();
  auto a = cs::function_file_offset("/proc/self/exe", "cs_uprobes_target");
  auto b = cs::function_file_offset("/proc/self/exe", "cs_uprobes_alias");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(*a, *b);
  // An executable that only imports a function does not define it.
  EXPECT_FALSE(cs::elf_defines(kFix + "/exe_pie", "cs_fixture_lib_beta"));
}

}  // namespace
