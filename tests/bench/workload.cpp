// corescope-bench-workload: the loads the side-by-side benchmark
// (tests/bench/run-bench) traces.  One static binary, one subcommand per load:
//
//   open     --count N --path P [--marker M]   N open()s of P (P must not exist)
//   exec     --count N --child C --arg A [--marker M]
//                                              N fork+exec of C (a link to this
//                                              binary; it exits at once) with argv[1]=A
//   bio      --count N --file F [--marker M --arg S]
//                                              N O_DIRECT 4 KiB reads of F (made first);
//                                              the marker is one read under the command
//                                              name M, the load runs under the name S
//                                              (block I/O tools show the issuer's name)
//   pingpong --count N [--cpu C]               N round trips between two threads on
//                                              one CPU over pipes (2N context switches)
//   burn     --count N [--cpu C]               N million rounds of integer arithmetic
//
// Common: --gate  print "ready" on stdout, then repeat the marker action
// (every --every-us, default 1000) until a line arrives on stdin; only then
// run the load.  Then its CPU time (user + system, children included) and wall
// time are printed as "cpu SECONDS" and, last, "elapsed SECONDS".
// A process whose argv[0] ends in "-child" exits 0 at once (the exec target).
// Exit status: 0 done, 1 cannot run, 2 bad usage.
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

struct Args {
  std::string mode, path, marker, child, arg, file;
  uint64_t count = 0;
  int cpu = -1;
  bool gate = false;
  long every_us = 1000;
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr, "corescope-bench-workload: %s (see the comment in workload.cpp)\n", msg);
  std::exit(2);
}

[[noreturn]] void die(const std::string& msg) {
  std::fprintf(stderr, "corescope-bench-workload: %s: %s\n", msg.c_str(), std::strerror(errno));
  std::exit(1);
}

// CPU seconds (user + system) of this process and its waited-for children.
double cpu_seconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage ru{};
    getrusage(who, &ru);
    total += ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
             ru.ru_stime.tv_usec / 1e6;
  }
  return total;
}

double now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

uint64_t parse_u64(const char* s) {
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(s, &end, 10);
  if (errno || end == s || *end) usage("bad number");
  return v;
}

Args parse(int argc, char** argv) {
  if (argc < 2) usage("missing subcommand");
  Args a;
  a.mode = argv[1];
  for (int i = 2; i < argc; i++) {
    std::string k = argv[i];
    auto val = [&]() -> const char* {
      if (i + 1 >= argc) usage(("missing value for " + k).c_str());
      return argv[++i];
    };
    if (k == "--count") a.count = parse_u64(val());
    else if (k == "--path") a.path = val();
    else if (k == "--marker") a.marker = val();
    else if (k == "--child") a.child = val();
    else if (k == "--arg") a.arg = val();
    else if (k == "--file") a.file = val();
    else if (k == "--cpu") a.cpu = static_cast<int>(parse_u64(val()));
    else if (k == "--every-us") a.every_us = static_cast<long>(parse_u64(val()));
    else if (k == "--gate") a.gate = true;
    else usage(("unknown option " + k).c_str());
  }
  return a;
}

void set_comm(const std::string& mode) {
  std::string comm = "csbench-" + mode;  // <= 15 bytes for every mode
  prctl(PR_SET_NAME, comm.c_str(), 0, 0, 0);
}

void pin(int cpu) {
  if (cpu < 0) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  if (sched_setaffinity(0, sizeof set, &set)) die("sched_setaffinity");
}

// --- loads -----------------------------------------------------------------

void open_once(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd >= 0) close(fd);
}

void exec_once(const std::string& child, const std::string& arg) {
  pid_t pid = fork();
  if (pid < 0) die("fork");
  if (pid == 0) {
    char* argv[] = {const_cast<char*>(child.c_str()), const_cast<char*>(arg.c_str()), nullptr};
    char* envp[] = {nullptr};
    execve(child.c_str(), argv, envp);
    _exit(127);
  }
  int st;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
}

void run_open(const Args& a) {
  for (uint64_t i = 0; i < a.count; i++) open_once(a.path);
}

void run_exec(const Args& a) {
  for (uint64_t i = 0; i < a.count; i++) exec_once(a.child, a.arg);
}

constexpr size_t kBlock = 4096;
constexpr size_t kBioFileSize = 64u << 20;

// Makes the file (plain writes + fsync) if it is not already there at full size.
void prepare_bio_file(const std::string& file) {
  struct stat st;
  if (stat(file.c_str(), &st) == 0 && static_cast<size_t>(st.st_size) == kBioFileSize) return;
  int fd = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) die("create " + file);
  static char chunk[1 << 20];
  std::memset(chunk, 0x5a, sizeof chunk);
  for (size_t off = 0; off < kBioFileSize; off += sizeof chunk)
    if (write(fd, chunk, sizeof chunk) != static_cast<ssize_t>(sizeof chunk)) die("write " + file);
  if (fsync(fd)) die("fsync " + file);
  close(fd);
}

int open_direct(const std::string& file) {
  int fd = open(file.c_str(), O_RDONLY | O_DIRECT);
  if (fd < 0) die("open O_DIRECT " + file + " (needs a block-backed file system)");
  return fd;
}

// The marker of a bio load: one O_DIRECT read under the command name `comm`.
void bio_marker(int fd, const std::string& comm) {
  static void* buf = nullptr;
  if (!buf && posix_memalign(&buf, kBlock, kBlock)) die("posix_memalign");
  prctl(PR_SET_NAME, comm.c_str(), 0, 0, 0);
  if (pread(fd, buf, kBlock, 0) != static_cast<ssize_t>(kBlock)) die("pread O_DIRECT");
}

void run_bio(const Args& a, int fd) {
  if (!a.arg.empty()) prctl(PR_SET_NAME, a.arg.c_str(), 0, 0, 0);
  void* buf = nullptr;
  if (posix_memalign(&buf, kBlock, kBlock)) die("posix_memalign");
  uint64_t x = 88172645463325252ull;
  const uint64_t blocks = kBioFileSize / kBlock;
  for (uint64_t i = 0; i < a.count; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    off_t off = static_cast<off_t>((x % blocks) * kBlock);
    if (pread(fd, buf, kBlock, off) != static_cast<ssize_t>(kBlock)) die("pread O_DIRECT");
  }
  free(buf);
}

struct PingPong {
  int to_b[2], to_a[2];
  uint64_t count;
  int cpu;
};

void* pong(void* p) {
  auto* pp = static_cast<PingPong*>(p);
  pin(pp->cpu);
  char c;
  for (uint64_t i = 0; i < pp->count; i++) {
    if (read(pp->to_b[0], &c, 1) != 1) die("read");
    if (write(pp->to_a[1], &c, 1) != 1) die("write");
  }
  return nullptr;
}

void run_pingpong(const Args& a) {
  PingPong pp{};
  pp.count = a.count;
  pp.cpu = a.cpu < 0 ? 0 : a.cpu;
  if (pipe(pp.to_b) || pipe(pp.to_a)) die("pipe");
  pin(pp.cpu);
  pthread_t t;
  if (pthread_create(&t, nullptr, pong, &pp)) die("pthread_create");
  char c = 'x';
  for (uint64_t i = 0; i < a.count; i++) {
    if (write(pp.to_b[1], &c, 1) != 1) die("write");
    if (read(pp.to_a[0], &c, 1) != 1) die("read");
  }
  pthread_join(t, nullptr);
}

volatile uint64_t burn_sink;

void run_burn(const Args& a) {
  pin(a.cpu);
  uint64_t x = 1;
  for (uint64_t i = 0; i < a.count * 1000000; i++) x = x * 6364136223846793005ull + 1442695040888963407ull;
  burn_sink = x;
}

// --- gate --------------------------------------------------------------------

// Announces readiness, then repeats `marker` until the runner writes a line.
template <class F>
void gate(long every_us, F marker) {
  std::printf("ready\n");
  std::fflush(stdout);
  for (;;) {
    marker();
    pollfd p{STDIN_FILENO, POLLIN, 0};
    int n = poll(&p, 1, static_cast<int>(every_us / 1000));
    if (n > 0) break;
    if (n < 0 && errno != EINTR) die("poll");
  }
  char line[64];
  if (read(STDIN_FILENO, line, sizeof line) < 0) die("read stdin");
}

bool ends_with(const char* s, const char* suffix) {
  size_t n = std::strlen(s), m = std::strlen(suffix);
  return n >= m && std::strcmp(s + n - m, suffix) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 0 && ends_with(argv[0], "-child")) return 0;
  Args a = parse(argc, argv);
  auto nothing = [] {};
  int bio_fd = -1;
  if (a.mode == "open") {
    if (a.path.empty()) usage("open needs --path");
  } else if (a.mode == "exec") {
    if (a.child.empty() || a.arg.empty()) usage("exec needs --child and --arg");
  } else if (a.mode == "bio") {
    if (a.file.empty()) usage("bio needs --file");
    prepare_bio_file(a.file);
    bio_fd = open_direct(a.file);
  } else if (a.mode != "pingpong" && a.mode != "burn") {
    usage("unknown subcommand");
  }
  set_comm(a.mode);

  if (a.gate) {
    if (a.marker.empty()) gate(a.every_us, nothing);
    else if (a.mode == "exec") gate(a.every_us, [&] { exec_once(a.child, a.marker); });
    else if (a.mode == "bio") gate(a.every_us, [&] { bio_marker(bio_fd, a.marker); });
    else gate(a.every_us, [&] { open_once(a.marker); });
  }

  double c0 = cpu_seconds();
  double t0 = now();
  if (a.mode == "open") run_open(a);
  else if (a.mode == "exec") run_exec(a);
  else if (a.mode == "bio") run_bio(a, bio_fd);
  else if (a.mode == "pingpong") run_pingpong(a);
  else run_burn(a);
  double t1 = now();
  double c1 = cpu_seconds();
  std::printf("cpu %.6f\nelapsed %.6f\n", c1 - c0, t1 - t0);
  std::fflush(stdout);
  return 0;
}
