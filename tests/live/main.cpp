// corescope-live-tests: GoogleTest main that doubles as the workload runner.
#include <gtest/gtest.h>

#include <cstring>

#include "workloads.h"

int main(int argc, char** argv) {
  if (argc >= 3 && std::strcmp(argv[1], "--workload") == 0)
    return cstest::run_workload_main(argc, argv);
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
