// corescope-on-pty: runs a command with its standard output on a pseudo-
// terminal and copies what it prints to our standard output as it comes.
// A program that block-buffers stdout when it is not a terminal (printf
// without fflush, as libbpf-tools' tools do) then shows each line at once,
// which the VM benchmark (tests/bench/vm-bench) needs in busybox, where no
// script(1) exists.  SIGINT and SIGTERM are passed on; the exit status is
// the command's (1 when it cannot run, 2 for bad usage).
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace {

pid_t g_child = -1;

void forward(int sig) {
  if (g_child > 0) kill(g_child, sig);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: corescope-on-pty COMMAND [ARG...]\n");
    return 2;
  }
  int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) || unlockpt(master)) {
    std::perror("corescope-on-pty: posix_openpt");
    return 1;
  }
  const char* slave_name = ptsname(master);
  g_child = fork();
  if (g_child < 0) return 1;
  if (g_child == 0) {
    setsid();
    int slave = open(slave_name, O_RDWR);
    if (slave < 0) _exit(1);
    termios t;
    if (tcgetattr(slave, &t) == 0) {
      cfmakeraw(&t);  // no \n -> \r\n, no echo
      tcsetattr(slave, TCSANOW, &t);
    }
    dup2(slave, STDOUT_FILENO);
    close(slave);
    close(master);
    execvp(argv[1], argv + 1);
    std::perror("corescope-on-pty: exec");
    _exit(1);
  }
  signal(SIGINT, forward);
  signal(SIGTERM, forward);
  char buf[4096];
  for (;;) {
    ssize_t n = read(master, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EIO once the command closed the terminal
    for (ssize_t off = 0; off < n;) {
      ssize_t w = write(STDOUT_FILENO, buf + off, n - off);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return 1;
      off += w;
    }
  }
  int st = 0;
  while (waitpid(g_child, &st, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
