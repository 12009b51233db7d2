#include "common/output/output.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <unistd.h>

#include "common/output/escape.h"
#include "common/output/record.h"

namespace cs {

Output& out() {
  static Output o(STDOUT_FILENO);
  return o;
}

void Output::vprintf(const char* fmt, va_list ap) {
  char small[512];
  va_list copy;
  va_copy(copy, ap);
  int n = std::vsnprintf(small, sizeof small, fmt, copy);
  va_end(copy);
  if (n < 0) return;
  if (static_cast<size_t>(n) < sizeof small) {
    buf_.append(small, n);
  } else {
    size_t old = buf_.size();
    buf_.resize(old + n + 1);
    std::vsnprintf(buf_.data() + old, n + 1, fmt, ap);
    buf_.resize(old + n);
  }
  maybe_flush();
}

void Output::printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
}

void Output::put_untrusted(std::string_view s, size_t width) {
  size_t before = buf_.size();
  append_text_escaped(buf_, s);
  // Pad by the columns it takes on a terminal, not its bytes.
  size_t n = display_width(std::string_view(buf_).substr(before));
  if (n < width) buf_.append(width - n, ' ');
  maybe_flush();
}

void Output::flush() {
  if (closed_) {
    buf_.clear();
    return;
  }
  // SIGPIPE would kill us silently; we want EPIPE and a clean exit instead.
  static bool ignored = (std::signal(SIGPIPE, SIG_IGN), true);
  (void)ignored;
  size_t off = 0;
  while (off < buf_.size()) {
    ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      // EPIPE: the reader left (`| head`), a normal end.  Anything else
      // (ENOSPC, EBADF, EIO) loses data: stop, and say so at exit.
      if (errno != EPIPE) error_ = errno;
      closed_ = true;
      break;
    }
    off += static_cast<size_t>(n);
  }
  buf_.clear();
}

}  // namespace cs
