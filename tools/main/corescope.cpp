// main() of the multi-call binary: every tool, chosen by argv (multicall.h).
#include "common/runtime/multicall.h"

int main(int argc, char** argv) { return cs::multicall_main(argc, argv); }
