#include <gtest/gtest.h>
#include <linux/capability.h>

#include <set>

#include "common/names/capabilities.h"

namespace {

TEST(capabilities, KnownNames) {
  EXPECT_EQ(cs::capability_name(0), "CAP_CHOWN");
  EXPECT_EQ(cs::capability_name(7), "CAP_SETUID");
  EXPECT_EQ(cs::capability_name(21), "CAP_SYS_ADMIN");
  EXPECT_EQ(cs::capability_name(CAP_SYS_NICE), "CAP_SYS_NICE");
}

// Every number up to CAP_LAST_CAP has exactly one distinct name: a capability
// added to the headers without a table row fails here.
TEST(capabilities, TableCoversEveryCapabilityOfTheHeaders) {
  EXPECT_EQ(cs::last_capability(), CAP_LAST_CAP);
  EXPECT_GE(cs::last_capability(), 40);  // CAP_CHECKPOINT_RESTORE, Linux 5.9
  std::set<std::string> seen;
  for (int cap = 0; cap <= CAP_LAST_CAP; cap++) {
    std::string name = cs::capability_name(cap);
    EXPECT_EQ(name.rfind("CAP_", 0), 0u) << cap << " -> " << name;
    EXPECT_TRUE(seen.insert(name).second) << name;
  }
}

TEST(capabilities, UnknownNumbersAreQuestionMarks) {
  EXPECT_EQ(cs::capability_name(-1), "?");
  EXPECT_EQ(cs::capability_name(CAP_LAST_CAP + 1), "?");
}

}  // namespace
