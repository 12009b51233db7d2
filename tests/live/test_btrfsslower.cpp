// Live tests for btrfsslower (fsslower -t btrfs): the workload's calls on btrfs
// with the right fields and nothing of its calls elsewhere, or, where the
// kernel has no btrfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(btrfsslower, SeesTheCallsOnBtrfsOnly) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_calls("btrfsslower", "btrfs");
}

}  // namespace
