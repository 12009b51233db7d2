#include "common/runtime/tool.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/runtime/loop.h"

namespace cs {

namespace {

// Descriptors 0-2 closed at start would be handed to the next open() (the
// ring buffer's epoll fd would become stdout): refuse a closed stdout, and
// park /dev/null on a closed stdin or stderr.
bool standard_fds_ok() {
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) != -1) continue;
    if (fd == STDOUT_FILENO) {
      std::fprintf(stderr, "%s: standard output is closed\n", tool_name().c_str());
      return false;
    }
    int null = open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (null >= 0 && null != fd) close(null);  // it took another free slot: fd is open now
  }
  return true;
}

// Exit 1 when output was lost to a write error (stdio's, for --help and
// --version, or ours); a reader that left (EPIPE) is a normal end.
int check_output(int rc) {
  out().flush();
  int err = out().error();
  if (!err && std::fflush(stdout) != 0 && errno != EPIPE) err = errno;
  if (!err) return rc;
  std::fprintf(stderr, "%s: cannot write to standard output: %s\n", tool_name().c_str(),
               std::strerror(err));
  return kExitFail;
}

}  // namespace

int run_main(int argc, char** argv, int (*body)(int, char**)) {
  set_tool_name(argc > 0 ? argv[0] : nullptr);
  if (!standard_fds_ok()) return kExitFail;
  // Before anything else: a SIGINT/SIGTERM during flag parsing or BPF load
  // stays pending and ends the wait loop cleanly, instead of killing the
  // tool half-attached (exit 143).
  block_exit_signals();
  // libbpf parses the kernel's BTF (several MB) in big blocks at start-up;
  // served by mmap they go back to the system when freed, so they do not
  // stack up with the event buffer mapped later and inflate peak RSS.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  int rc;
  try {
    rc = body(argc, argv);
  } catch (const Fatal& f) {
    out().flush();
    // Usage errors quote the user's argument: escape what a terminal would act on.
    std::fprintf(stderr, "%s: %s\n", tool_name().c_str(), text_escaped(f.what()).c_str());
    if (f.code == kExitUsage)
      std::fprintf(stderr, "Run '%s --help' for usage.\n", tool_name().c_str());
    return f.code;
  } catch (const std::exception& e) {
    out().flush();
    std::fprintf(stderr, "%s: %s\n", tool_name().c_str(), e.what());
    return kExitFail;
  }
  return check_output(rc);
}

void print_banner(const Common& c, const std::string& text) {
  if (c.json || c.folded) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  } else {
    out().put(text);
  }
}

std::string banner_end(const Common& c) {
  if (c.duration <= 0) return "... Hit Ctrl-C to end.\n";
  char dur[64];
  std::snprintf(dur, sizeof dur, " for %g secs.\n", c.duration);
  return dur;
}

}  // namespace cs
