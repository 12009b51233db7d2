// Live tests for ext4slower (fsslower -t ext4): the workload's calls on ext4
// with the right fields and nothing of its calls elsewhere, or, where the
// kernel has no ext4, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(ext4slower, SeesTheCallsOnExt4Only) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_calls("ext4slower", "ext4");
}

}  // namespace
