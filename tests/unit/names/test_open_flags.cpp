// open(2) flag names for filters (opensnoop -f): values, access modes, misses.
#include <fcntl.h>
#include <gtest/gtest.h>

#include "common/names/open_flags.h"

namespace {

cs::OpenFlagFilter filter(std::initializer_list<const char*> names) {
  cs::OpenFlagFilter f;
  for (const char* n : names) EXPECT_TRUE(cs::add_open_flag(f, n)) << n;
  return f;
}

TEST(open_flags, EmptyFilterMatchesEverything) {
  cs::OpenFlagFilter f;
  EXPECT_TRUE(f.empty());
  EXPECT_TRUE(f.matches(0));
  EXPECT_TRUE(f.matches(O_WRONLY | O_CREAT));
}

TEST(open_flags, ValuesAreTheKernelsOnX86_64) {
  // The libc values where libc agrees with the kernel.
  EXPECT_EQ(filter({"O_CREAT"}).bits, static_cast<uint32_t>(O_CREAT));
  EXPECT_EQ(filter({"O_TRUNC"}).bits, static_cast<uint32_t>(O_TRUNC));
  EXPECT_EQ(filter({"O_APPEND"}).bits, static_cast<uint32_t>(O_APPEND));
  EXPECT_EQ(filter({"O_DIRECT"}).bits, static_cast<uint32_t>(O_DIRECT));
  EXPECT_EQ(filter({"O_CLOEXEC"}).bits, static_cast<uint32_t>(O_CLOEXEC));
  EXPECT_EQ(filter({"O_DIRECTORY"}).bits, static_cast<uint32_t>(O_DIRECTORY));
  EXPECT_EQ(filter({"O_PATH"}).bits, static_cast<uint32_t>(O_PATH));
  EXPECT_EQ(filter({"O_NONBLOCK"}).bits, filter({"O_NDELAY"}).bits);
}

TEST(open_flags, AccessModesCompareTheModeBits) {
  cs::OpenFlagFilter ro = filter({"O_RDONLY"});
  EXPECT_TRUE(ro.matches(O_RDONLY | O_CLOEXEC));
  EXPECT_FALSE(ro.matches(O_WRONLY));
  EXPECT_FALSE(ro.matches(O_RDWR | O_CREAT));
  cs::OpenFlagFilter writers = filter({"O_WRONLY", "O_RDWR"});
  EXPECT_TRUE(writers.matches(O_WRONLY | O_CREAT | O_TRUNC));
  EXPECT_TRUE(writers.matches(O_RDWR));
  EXPECT_FALSE(writers.matches(O_RDONLY | O_CLOEXEC));
}

TEST(open_flags, SeveralNamesMatchAny) {
  cs::OpenFlagFilter f = filter({"O_CREAT", "O_APPEND"});
  EXPECT_TRUE(f.matches(O_WRONLY | O_CREAT));
  EXPECT_TRUE(f.matches(O_WRONLY | O_APPEND));
  EXPECT_FALSE(f.matches(O_WRONLY | O_TRUNC));
  cs::OpenFlagFilter g = filter({"O_RDONLY", "O_TRUNC"});
  EXPECT_TRUE(g.matches(O_RDONLY));
  EXPECT_TRUE(g.matches(O_WRONLY | O_TRUNC));
  EXPECT_FALSE(g.matches(O_WRONLY));
}

TEST(open_flags, MultiBitFlagsUseTheirOwnBit) {
  // O_SYNC includes O_DSYNC; an O_DSYNC-only open is not O_SYNC.
  cs::OpenFlagFilter sync = filter({"O_SYNC"});
  EXPECT_TRUE(sync.matches(O_WRONLY | O_SYNC));
  EXPECT_FALSE(sync.matches(O_WRONLY | O_DSYNC));
  // O_TMPFILE includes O_DIRECTORY; opening a directory is not O_TMPFILE.
  cs::OpenFlagFilter tmp = filter({"O_TMPFILE"});
  EXPECT_TRUE(tmp.matches(O_RDWR | O_TMPFILE));
  EXPECT_FALSE(tmp.matches(O_RDONLY | O_DIRECTORY));
}

TEST(open_flags, UnknownNamesAreRejected) {
  cs::OpenFlagFilter f;
  for (const char* bad : {"", "O_", "CREAT", "o_creat", "O_CREAT ", "O_LARGEFILE", "O_WHATEVER"})
    EXPECT_FALSE(cs::add_open_flag(f, bad)) << bad;
  EXPECT_TRUE(f.empty());
}

TEST(open_flags, NamesListForMessages) {
  std::string names = cs::open_flag_names();
  EXPECT_EQ(names.rfind("O_RDONLY, O_WRONLY, O_RDWR, O_CREAT", 0), 0u) << names;
  EXPECT_NE(names.find("O_TMPFILE"), std::string::npos);
}

}  // namespace
