// Live tests for nfsslower (fsslower -t nfs): the workload's calls on nfs
// with the right fields and nothing of its calls elsewhere, or, where the
// kernel has no nfs, the one-line error (fs_tool_checks.h).
#include <gtest/gtest.h>

#include "fs_tool_checks.h"

namespace {

TEST(nfsslower, SeesTheCallsOnNfsOnly) {
  CS_REQUIRE_BPF();
  cstest::expect_fs_calls("nfsslower", "nfs");
}

}  // namespace
