#include <gtest/gtest.h>
#include <unistd.h>

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
  o.put("more\n");
  o.flush();
  EXPECT_TRUE(o.closed());
  close(fds[1]);
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
