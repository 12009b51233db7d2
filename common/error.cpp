#include "common/error.h"

#include <malloc.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "common/output.h"

namespace cs {

static std::string g_tool = "corescope";

const std::string& tool_name() { return g_tool; }

void set_tool_name(const char* argv0) {
  if (!argv0 || !*argv0) return;
  const char* slash = std::strrchr(argv0, '/');
  g_tool = slash ? slash + 1 : argv0;
}

std::string errno_text(int err) {
  if (err < 0) err = -err;
  return std::strerror(err);
}

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
    std::fprintf(stderr, "%s: %s\n", g_tool.c_str(), f.what());
    if (f.code == kExitUsage)
      std::fprintf(stderr, "Run '%s --help' for usage.\n", g_tool.c_str());
    return f.code;
  } catch (const std::exception& e) {
    out().flush();
    std::fprintf(stderr, "%s: %s\n", g_tool.c_str(), e.what());
    return kExitFail;
  }
  out().flush();
  return rc;
}

}  // namespace cs
