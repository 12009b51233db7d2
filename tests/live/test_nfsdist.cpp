// Live tests for nfsdist (fsdist -t nfs): the workload's calls on nfs
// counted per operation, its calls elsewhere not, or, where the kernel has
// no nfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(nfsdist, CountsTheCallsOnNfsPerOperation) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_hists("nfsdist", "nfs");
}

}  // namespace
