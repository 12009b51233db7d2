// main() of a one-tool binary (build/bin/<tool>): the one tool linked in runs
// whatever argv[0] says (sigsnoop reads it, to be killsnoop).
#include "common/runtime/tool.h"

int main(int argc, char** argv) {
  return cs::run_main(argc, argv, cs::registered_tools().front().body);
}
