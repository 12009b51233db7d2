// Live tests for zfsslower (fsslower -t zfs): the workload's calls on zfs
// with the right fields and nothing of its calls elsewhere, or, where the
// kernel has no zfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(zfsslower, SeesTheCallsOnZfsOnly) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_calls("zfsslower", "zfs");
}

}  // namespace
