// Live tests for ext4dist (fsdist -t ext4): the workload's calls on ext4
// counted per operation, its calls elsewhere not, or, where the kernel has
// no ext4, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(ext4dist, CountsTheCallsOnExt4PerOperation) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_hists("ext4dist", "ext4");
}

}  // namespace
