// Flavour tiers from program names (common/runtime/flavours.h).
#include <gtest/gtest.h>

#include "common/runtime/flavours.h"

namespace {

TEST(flavours, TierFromProgramNameSuffix) {
  EXPECT_EQ(cs::program_tier("open__fexit"), cs::Tier::Fentry);
  EXPECT_EQ(cs::program_tier("open__fentry"), cs::Tier::Fentry);
  EXPECT_EQ(cs::program_tier("sys_exit__btf"), cs::Tier::Btf);
  EXPECT_EQ(cs::program_tier("sys_exit__raw"), cs::Tier::Raw);
  EXPECT_EQ(cs::program_tier("open__kretprobe"), cs::Tier::Kprobe);
  EXPECT_EQ(cs::program_tier("open_enter__tp"), cs::Tier::Tracepoint);
  EXPECT_EQ(cs::program_tier("do_sample"), cs::Tier::None);
  EXPECT_EQ(cs::program_tier("weird__suffix"), cs::Tier::None);
}

}  // namespace
