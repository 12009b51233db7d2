// Addresses of the network tools' records as text.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "common/system/inet_addr.h"

namespace {

TEST(inet_addr, Ipv4InTheFirstFourBytes) {
  const uint8_t a[16] = {127, 0, 0, 1, 9, 9, 9, 9};  // the rest is not read
  EXPECT_EQ(cs::inet_addr_text(AF_INET, a), "127.0.0.1");
  const uint8_t b[16] = {10, 200, 3, 255};
  EXPECT_EQ(cs::inet_addr_text(AF_INET, b), "10.200.3.255");
}

TEST(inet_addr, Ipv6Compressed) {
  uint8_t lo[16] = {};
  lo[15] = 1;
  EXPECT_EQ(cs::inet_addr_text(AF_INET6, lo), "::1");
  const uint8_t doc[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12, 0x34};
  EXPECT_EQ(cs::inet_addr_text(AF_INET6, doc), "2001:db8::1234");
  const uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
  EXPECT_EQ(cs::inet_addr_text(AF_INET6, mapped), "::ffff:192.0.2.1");
}

TEST(inet_addr, OtherFamiliesAreNamedNotGuessed) {
  const uint8_t a[16] = {1, 2, 3, 4};
  EXPECT_EQ(cs::inet_addr_text(0, a), "[family 0]");
  EXPECT_EQ(cs::inet_addr_text(AF_UNIX, a), "[family 1]");
}

}  // namespace
