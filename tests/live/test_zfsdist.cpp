// Live tests for zfsdist (fsdist -t zfs): the workload's calls on zfs
// counted per operation, its calls elsewhere not, or, where the kernel has
// no zfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(zfsdist, CountsTheCallsOnZfsPerOperation) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_hists("zfsdist", "zfs");
}

}  // namespace
