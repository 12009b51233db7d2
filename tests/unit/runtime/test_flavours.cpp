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

// A hook plan names hooks, not programs: every flavour of a hook at once.
TEST(flavours, HookNameDropsOnlyAFlavourSuffix) {
  EXPECT_EQ(cs::hook_name("irq_handler_exit__btf"), "irq_handler_exit");
  EXPECT_EQ(cs::hook_name("irq_handler_exit__tp"), "irq_handler_exit");
  EXPECT_EQ(cs::hook_name("down_read_interruptible_exit__fexit"), "down_read_interruptible_exit");
  EXPECT_EQ(cs::hook_name("pthread_create_entry"), "pthread_create_entry");
  EXPECT_EQ(cs::hook_name("weird__suffix"), "weird__suffix");
}

TEST(flavours, PlanKeyTellsPlansApart) {
  EXPECT_EQ(cs::HookPlan().key(), "");
  EXPECT_EQ(cs::HookPlan().without("a", false).key(), "");  // a condition that does not hold
  std::string unused = cs::HookPlan().without("a").key();
  std::string optional = cs::HookPlan().may_lack("a").key();
  EXPECT_NE(unused, "");
  EXPECT_NE(unused, optional);
  EXPECT_NE(cs::HookPlan().without("a").without("b").key(), unused);
}

}  // namespace
