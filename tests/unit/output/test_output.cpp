#include <gtest/gtest.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "common/output/output.h"

namespace {

TEST(output, UntrustedTextIsEscapedAndPadded) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  cs::Output o(fds[1]);
  o.put_untrusted("a\nb", 6);
  o.put('|');
  o.printf("%d\n", 42);
  o.flush();
  close(fds[1]);
  char buf[64] = {};
  ssize_t n = read(fds[0], buf, sizeof buf);
  close(fds[0]);
  EXPECT_EQ(std::string(buf, n), "a\\nb  |42\n");
}

TEST(output, ClosedPipeMarksOutputClosedInsteadOfKilling) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  cs::Output o(fds[1]);
  o.put("line\n");
  o.flush();  // EPIPE: SIGPIPE is ignored by the writer
  EXPECT_TRUE(o.closed());
  EXPECT_EQ(o.error(), 0);  // the reader left: a normal end
  o.put("more\n");
  o.flush();
  EXPECT_TRUE(o.closed());
  close(fds[1]);
}

TEST(output, WriteErrorsOtherThanEpipeAreKept) {
  int full = open("/dev/full", O_WRONLY);
  ASSERT_GE(full, 0);
  cs::Output o(full);
  o.put("line\n");
  o.flush();
  EXPECT_TRUE(o.closed());
  EXPECT_EQ(o.error(), ENOSPC);
  close(full);
  cs::Output bad(1000);  // not an open descriptor
  bad.put("x");
  bad.flush();
  EXPECT_EQ(bad.error(), EBADF);
}

TEST(output, UntrustedPaddingCountsTerminalColumns) {
  cs::Output o(-1);
  o.put_untrusted("\xC3\xA9", 3);
  EXPECT_EQ(o.buffer(), "\xC3\xA9  ");
}

TEST(output, LongFormattedStrings) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  cs::Output o(fds[1]);
  std::string big(2000, 'x');
  o.printf("<%s>", big.c_str());
  EXPECT_EQ(o.buffer(), "<" + big + ">");
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
