// Syscall records of the family tools, as the ring buffer hands them over:
// the header, then each string argument's bytes in argument order.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>

#include "common/system/syscall_event.h"

namespace {

constexpr size_t kHeader = offsetof(cs_syscall_event, data);

// A record with strings for arguments 1 and 3, as the kernel side sends it.
std::string record(const std::string& a1, const std::string& a3) {
  cs_syscall_event h{};
  h.nr = 165;
  h.ret = -2;
  h.pid = 42;
  h.str_size[1] = a1.size() + 1;
  h.str_size[3] = a3.size() + 1;
  std::string r(reinterpret_cast<const char*>(&h), kHeader);
  r += a1;
  r.push_back('\0');
  r += a3;
  r.push_back('\0');
  return r;
}

TEST(syscall_event, StringsComeInArgumentOrder) {
  std::string r = record("/mnt/a", "tmpfs");
  cs::SyscallEvent e;
  ASSERT_TRUE(cs::parse_syscall_event(r.data(), r.size(), e));
  EXPECT_EQ(e.head.nr, 165u);
  EXPECT_EQ(e.head.ret, -2);
  EXPECT_EQ(e.head.pid, 42u);
  EXPECT_EQ(e.str[1], "/mnt/a");
  EXPECT_EQ(e.str[3], "tmpfs");
  EXPECT_TRUE(e.has_str[1] && e.has_str[3]);
  EXPECT_FALSE(e.has_str[0] || e.has_str[2] || e.has_str[4] || e.has_str[5]);
  EXPECT_EQ(e.str[0], "");
}

TEST(syscall_event, AnEmptyStringIsStillAString) {
  std::string r = record("", "x");
  cs::SyscallEvent e;
  ASSERT_TRUE(cs::parse_syscall_event(r.data(), r.size(), e));
  EXPECT_TRUE(e.has_str[1]);
  EXPECT_EQ(e.str[1], "");
  EXPECT_EQ(e.str[3], "x");
}

TEST(syscall_event, ACutRecordIsNeverReadPastItsEnd) {
  std::string r = record("/abc", "tmpfs");
  r.resize(kHeader + 3);  // "/ab" of the first string, nothing of the second
  cs::SyscallEvent e;
  ASSERT_TRUE(cs::parse_syscall_event(r.data(), r.size(), e));
  EXPECT_EQ(e.str[1], "/ab");
  EXPECT_EQ(e.str[3], "");
  EXPECT_FALSE(e.has_str[3]);
}

TEST(syscall_event, TooShortForTheHeaderIsRefused) {
  std::string r = record("a", "b");
  cs::SyscallEvent e;
  EXPECT_FALSE(cs::parse_syscall_event(r.data(), kHeader - 1, e));
}

}  // namespace
