// Buffered standard output shared by every tool.
//
// Records are formatted into one buffer and written with a single write(2)
// after each poll (flush()), so `tool | grep x` sees lines promptly while an
// event storm costs few syscalls.  A closed pipe (EPIPE) is not an error for a
// tracing tool: closed() turns true and the event loop ends with exit 0.  Any
// other write error (a full disk, a closed descriptor) also stops output, and
// error() keeps its errno so the tool exits 1 saying what was lost.
#pragma once
#include <cstdarg>
#include <cstddef>
#include <string>
#include <string_view>

namespace cs {

class Output {
 public:
  explicit Output(int fd) : fd_(fd) {}
  void put(std::string_view s) { buf_.append(s); maybe_flush(); }
  void put(char c) { buf_.push_back(c); }
  void printf(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
  void vprintf(const char* fmt, va_list ap);
  // Text from the kernel or another process: control bytes and invalid UTF-8
  // are escaped so one argv cannot forge an output line or a terminal command.
  // With width: padded with spaces to at least `width` columns ("%-*s"),
  // counted as a terminal shows them (UTF-8 code points, not bytes).
  void put_untrusted(std::string_view s, size_t width = 0);
  void flush();
  // Writes once the buffer holds a good amount (after appending to buffer()).
  void maybe_flush() {
    if (buf_.size() >= kHighWater) flush();
  }
  bool closed() const { return closed_; }
  int error() const { return error_; }  // errno of a failed write other than EPIPE
  std::string& buffer() { return buf_; }

 private:
  static constexpr size_t kHighWater = 1 << 16;
  int fd_;
  bool closed_ = false;
  int error_ = 0;
  std::string buf_;
};

// The process-wide stdout writer.
Output& out();

}  // namespace cs
