// Live tests for f2fsslower (fsslower -t f2fs): the workload's calls on f2fs
// with the right fields and nothing of its calls elsewhere, or, where the
// kernel has no f2fs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(f2fsslower, SeesTheCallsOnF2fsOnly) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_calls("f2fsslower", "f2fs");
}

}  // namespace
