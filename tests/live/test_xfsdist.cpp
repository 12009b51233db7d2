// Live tests for xfsdist (fsdist -t xfs): the workload's calls on xfs
// counted per operation, its calls elsewhere not, or, where the kernel has
// no xfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(xfsdist, CountsTheCallsOnXfsPerOperation) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_hists("xfsdist", "xfs");
}

}  // namespace
