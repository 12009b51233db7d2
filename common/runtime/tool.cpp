#include "common/runtime/tool.h"

#include <malloc.h>

#include <cstdio>

#include "common/output/output.h"

namespace cs {

int run_main(int argc, char** argv, int (*body)(int, char**)) {
  set_tool_name(argc > 0 ? argv[0] : nullptr);
  // libbpf parses the kernel's BTF (several MB) in big blocks at start-up;
  // served by mmap they go back to the system when freed, so they do not
  // stack up with the event buffer mapped later and inflate peak RSS.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  int rc;
  try {
    rc = body(argc, argv);
  } catch (const Fatal& f) {
    out().flush();
    std::fprintf(stderr, "%s: %s\n", tool_name().c_str(), f.what());
    if (f.code == kExitUsage)
      std::fprintf(stderr, "Run '%s --help' for usage.\n", tool_name().c_str());
    return f.code;
  } catch (const std::exception& e) {
    out().flush();
    std::fprintf(stderr, "%s: %s\n", tool_name().c_str(), e.what());
    return kExitFail;
  }
  out().flush();
  return rc;
}

void print_banner(const Common& c, const std::string& text) {
  if (c.json || c.folded) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  } else {
    out().put(text);
  }
}

}  // namespace cs
