// Live tests for xfsslower (fsslower -t xfs): the workload's calls on xfs
// with the right fields and nothing of its calls elsewhere, or, where the
// kernel has no xfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(xfsslower, SeesTheCallsOnXfsOnly) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_calls("xfsslower", "xfs");
}

}  // namespace
