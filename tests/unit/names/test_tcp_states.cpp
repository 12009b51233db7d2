// TCP state names in the kernel's numbering.
#include <gtest/gtest.h>

#include "common/names/tcp_states.h"

TEST(tcp_states, KernelNumbering) {
  EXPECT_EQ(cs::tcp_state_name(1), "ESTABLISHED");
  EXPECT_EQ(cs::tcp_state_name(2), "SYN_SENT");
  EXPECT_EQ(cs::tcp_state_name(7), "CLOSE");
  EXPECT_EQ(cs::tcp_state_name(10), "LISTEN");
  EXPECT_EQ(cs::tcp_state_name(12), "NEW_SYN_RECV");
  EXPECT_EQ(cs::tcp_state_name(13), "BOUND_INACTIVE");
}

TEST(tcp_states, OutsideTheListIsNumbered) {
  EXPECT_EQ(cs::tcp_state_name(0), "UNKNOWN(0)");
  EXPECT_EQ(cs::tcp_state_name(14), "UNKNOWN(14)");
  EXPECT_EQ(cs::tcp_state_name(4000000000u), "UNKNOWN(4000000000)");
}
