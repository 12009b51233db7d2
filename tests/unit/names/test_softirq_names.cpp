// Softirq vector names: the kernel's order, as /proc/softirqs lists them.
#include <gtest/gtest.h>

#include <unistd.h>

#include <string>
#include <vector>

#include "common/names/softirq_names.h"
#include "proc_softirqs.h"

namespace {

TEST(softirq_names, KernelOrder) {
  EXPECT_EQ(cs::softirq_name(0), "hi");
  EXPECT_EQ(cs::softirq_name(1), "timer");
  EXPECT_EQ(cs::softirq_name(2), "net_tx");
  EXPECT_EQ(cs::softirq_name(3), "net_rx");
  EXPECT_EQ(cs::softirq_name(4), "block");
  EXPECT_EQ(cs::softirq_name(5), "irq_poll");
  EXPECT_EQ(cs::softirq_name(6), "tasklet");
  EXPECT_EQ(cs::softirq_name(7), "sched");
  EXPECT_EQ(cs::softirq_name(8), "hrtimer");
  EXPECT_EQ(cs::softirq_name(9), "rcu");
}

TEST(softirq_names, UnknownVectorsAreNumbered) {
  EXPECT_EQ(cs::softirq_name(cs::kSoftirqVectors), "vec10");
  EXPECT_EQ(cs::softirq_name(31), "vec31");
}

// The running kernel agrees: /proc/softirqs rows, lower-cased, in order.
TEST(softirq_names, MatchProcSoftirqs) {
  if (access("/proc/softirqs", R_OK) != 0) GTEST_SKIP() << "no /proc/softirqs";
  std::vector<std::string> rows;
  for (auto& [name, counts] : cstest::proc_softirqs()) rows.push_back(name);
  ASSERT_FALSE(rows.empty());
  for (size_t i = 0; i < rows.size(); i++)
    EXPECT_EQ(cs::softirq_name(i), rows[i]) << "vector " << i;
}

}  // namespace
