// common/names: the x86-64 syscall table generated from asm/unistd_64.h.
#include "common/names/name_table.h"

#include <gtest/gtest.h>
#include <sys/syscall.h>

namespace {

// cmake/gen_names.cmake read asm/unistd_64.h: a regex that matched nothing
// would leave every name below "[unknown: N]".
TEST(syscalls, TableWasGenerated) { EXPECT_GT(cs::syscall_names().entries().size(), 300u); }

TEST(syscalls, NamesByNumber) {
  EXPECT_EQ(cs::syscall_names().name(0), "read");
  EXPECT_EQ(cs::syscall_names().name(1), "write");
  EXPECT_EQ(cs::syscall_names().name(59), "execve");
  EXPECT_EQ(cs::syscall_names().name(110), "getppid");
  EXPECT_EQ(cs::syscall_names().name(257), "openat");
  EXPECT_EQ(cs::syscall_names().name(322), "execveat");
  EXPECT_EQ(cs::syscall_names().name(435), "clone3");
  // Agrees with the C library's numbering.
  EXPECT_EQ(cs::syscall_names().name(SYS_getppid), "getppid");
  EXPECT_EQ(cs::syscall_names().name(SYS_openat), "openat");
  EXPECT_STREQ(cs::syscall_names().name_or_null(SYS_close), "close");
}

TEST(syscalls, UnknownNumbersInBccForm) {
  // 335..423 are a hole in the x86-64 table.
  EXPECT_EQ(cs::syscall_names().name(400), "[unknown: 400]");
  EXPECT_EQ(cs::syscall_names().name(100000), "[unknown: 100000]");
  EXPECT_EQ(cs::syscall_names().name(UINT32_MAX), "[unknown: 4294967295]");
  EXPECT_EQ(cs::syscall_names().name_or_null(400), nullptr);
}

TEST(syscalls, NumbersByName) {
  EXPECT_EQ(cs::syscall_names().by_name("read"), 0u);
  EXPECT_EQ(cs::syscall_names().by_name("openat"), 257u);
  EXPECT_EQ(cs::syscall_names().by_name("sys_openat"), 257u);
  EXPECT_EQ(cs::syscall_names().by_name("execve"), 59u);
  EXPECT_FALSE(cs::syscall_names().by_name("nosuchcall"));
  EXPECT_FALSE(cs::syscall_names().by_name(""));
  EXPECT_FALSE(cs::syscall_names().by_name("OPENAT"));
}

TEST(syscalls, ParseNameOrNumber) {
  EXPECT_EQ(cs::syscall_names().parse("getppid"), 110u);
  EXPECT_EQ(cs::syscall_names().parse("110"), 110u);
  EXPECT_EQ(cs::syscall_names().parse("460"), 460u);  // maybe newer than the table
  EXPECT_FALSE(cs::syscall_names().parse("1024"));
  EXPECT_FALSE(cs::syscall_names().parse("-1"));
  EXPECT_FALSE(cs::syscall_names().parse("12abc"));
  EXPECT_FALSE(cs::syscall_names().parse(""));
}

TEST(syscalls, TableSortedUniqueAndRoundTrips) {
  uint32_t prev = 0;
  bool first = true;
  for (const cs::NameEntry& e : cs::syscall_names().entries()) {
    if (!first) EXPECT_GT(e.nr, prev) << e.name;
    first = false;
    prev = e.nr;
    ASSERT_NE(e.name, nullptr);
    EXPECT_EQ(cs::syscall_names().name(e.nr), e.name);
    EXPECT_EQ(cs::syscall_names().by_name(e.name), e.nr);
  }
}

}  // namespace
