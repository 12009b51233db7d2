// Live tests for btrfsdist (fsdist -t btrfs): the workload's calls on btrfs
// counted per operation, its calls elsewhere not, or, where the kernel has
// no btrfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(btrfsdist, CountsTheCallsOnBtrfsPerOperation) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_hists("btrfsdist", "btrfs");
}

}  // namespace
