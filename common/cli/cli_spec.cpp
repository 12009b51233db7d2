#include "common/cli/cli_spec.h"

namespace cs {

namespace {
CliSpec* g_capture = nullptr;
}

void capture_cli_spec(CliSpec* spec) { g_capture = spec; }

CliSpec* captured_cli_spec() { return g_capture; }

}  // namespace cs
