// common/names: errno names generated from the kernel's UAPI errno headers.
#include "common/names/name_table.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

namespace {

// cmake/gen_names.cmake read the headers: a regex that matched nothing
// would leave the table empty.
TEST(errnos, TableWasGenerated) { EXPECT_GT(cs::errno_names().entries().size(), 130u); }

TEST(errnos, NamesByNumber) {
  EXPECT_EQ(cs::errno_names().name(EPERM), "EPERM");
  EXPECT_EQ(cs::errno_names().name(ENOENT), "ENOENT");
  EXPECT_EQ(cs::errno_names().name(EBADF), "EBADF");
  EXPECT_EQ(cs::errno_names().name(EHWPOISON), "EHWPOISON");
  // A number with two names prints its first (canonical) one.
  EXPECT_EQ(cs::errno_names().name(EAGAIN), "EAGAIN");
  EXPECT_EQ(cs::errno_names().name(EDEADLK), "EDEADLK");
  // Unknown: the number.
  EXPECT_EQ(cs::errno_names().name(0), "0");
  EXPECT_EQ(cs::errno_names().name(4000), "4000");
  EXPECT_EQ(cs::errno_names().name_or_null(4000), nullptr);
}

TEST(errnos, AgreesWithTheCLibrary) {
  // glibc 2.32+ knows every kernel errno by the same name.
  for (int e = 1; e < 134; e++) {
    const char* ours = cs::errno_names().name_or_null(e);
    const char* libc = strerrorname_np(e);
    if (!libc) continue;
    ASSERT_NE(ours, nullptr) << e << " " << libc;
    EXPECT_STREQ(ours, libc) << e;
  }
}

TEST(errnos, NumbersByName) {
  EXPECT_EQ(cs::errno_names().by_name("ENOENT"), ENOENT);
  EXPECT_EQ(cs::errno_names().by_name("enoent"), ENOENT);
  EXPECT_EQ(cs::errno_names().by_name("EWOULDBLOCK"), EAGAIN);  // aliases
  EXPECT_EQ(cs::errno_names().by_name("EDEADLOCK"), EDEADLK);
  EXPECT_FALSE(cs::errno_names().by_name("ENOSUCHERR"));
  EXPECT_FALSE(cs::errno_names().by_name(""));
}

TEST(errnos, ParseNumberOrName) {
  EXPECT_EQ(cs::errno_names().parse("2"), 2);
  EXPECT_EQ(cs::errno_names().parse("EACCES"), EACCES);
  EXPECT_EQ(cs::errno_names().parse("4095"), 4095);
  EXPECT_FALSE(cs::errno_names().parse("0"));
  EXPECT_FALSE(cs::errno_names().parse("4096"));
  EXPECT_FALSE(cs::errno_names().parse("-2"));
  EXPECT_FALSE(cs::errno_names().parse("2x"));
  EXPECT_FALSE(cs::errno_names().parse("ENOPE"));
}

}  // namespace
