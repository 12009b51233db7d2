// CPU lists as the kernel prints them (/sys/devices/system/cpu/online).
#include <gtest/gtest.h>

#include "common/system/cpus.h"

namespace {

TEST(cpus, ParsesCpuLists) {
  std::vector<int> c;
  ASSERT_TRUE(cs::parse_cpu_list("0\n", c));
  EXPECT_EQ(c, (std::vector<int>{0}));
  ASSERT_TRUE(cs::parse_cpu_list("0-3,6,8-9\n", c));
  EXPECT_EQ(c, (std::vector<int>{0, 1, 2, 3, 6, 8, 9}));
  for (const char* bad : {"", "\n", "a", "3-1", "1-", "-1", "0,,1", "1x"})
    EXPECT_FALSE(cs::parse_cpu_list(bad, c)) << bad;
}

TEST(cpus, OnlineCpusIncludeCpu0) {
  std::vector<int> c = cs::online_cpus();
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c.front(), 0);
}

TEST(cpus, SysctlFallback) {
  EXPECT_EQ(cs::read_sysctl_u64("/nonexistent/sysctl", 77), 77u);
  EXPECT_GT(cs::read_sysctl_u64("/proc/sys/kernel/perf_event_max_stack", 0), 0u);
}

}  // namespace
