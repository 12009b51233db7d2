// The multi-call binary (busybox style): `corescope TOOL ARGS...`, or a link
// named after a tool or alias, runs that tool as if it were its own binary.
#pragma once

namespace cs {

// argv[0]'s last part names a registered tool: run it.  Otherwise argv[1]
// is a tool (run it with argv shifted by one) or one of the front's own
// options: --list, --help, --version, --bash-completion.
int multicall_main(int argc, char** argv);

}  // namespace cs
