// TCP sessions over loopback the network tools' live tests cause (see
// tcp_sessions.h).
#include "tcp_sessions.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

namespace cstest {

namespace {

union Addr {
  sockaddr sa;
  sockaddr_in in;
  sockaddr_in6 in6;
};

Addr loopback(int family, uint16_t port) {
  Addr a{};
  if (family == 6) {
    a.in6.sin6_family = AF_INET6;
    a.in6.sin6_addr = in6addr_loopback;
    a.in6.sin6_port = htons(port);
  } else {
    a.in.sin_family = AF_INET;
    a.in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.in.sin_port = htons(port);
  }
  return a;
}

socklen_t addr_len(int family) { return family == 6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in); }

bool send_all(int fd, size_t n) {
  std::vector<char> buf(n, 'x');
  for (size_t done = 0; done < n;) {
    ssize_t w = send(fd, buf.data() + done, n - done, 0);
    if (w <= 0) return false;
    done += static_cast<size_t>(w);
  }
  return true;
}

bool recv_exactly(int fd, size_t n) {
  std::vector<char> buf(n ? n : 1);
  for (size_t done = 0; done < n;) {
    ssize_t r = recv(fd, buf.data() + done, n - done, 0);
    if (r <= 0) return false;
    done += static_cast<size_t>(r);
  }
  return true;
}

}  // namespace

// A TCP port nothing on loopback uses now (bound once, then released).
uint16_t free_port(int family) {
  int s = socket(family == 6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Addr a = loopback(family, 0);
  socklen_t len = addr_len(family);
  uint16_t port = 0;
  if (s >= 0 && bind(s, &a.sa, len) == 0 && getsockname(s, &a.sa, &len) == 0)
    port = ntohs(family == 6 ? a.in6.sin6_port : a.in.sin_port);
  if (s >= 0) close(s);
  return port;
}


// One session: the client sends CLIENT_BYTES, the server answers with
// SERVER_BYTES, the session stays open HOLD_MS, the client closes first
// (the server with a 7th argument "server").
// args: FAMILY(4|6) SERVER_PORT CLIENT_PORT CLIENT_BYTES SERVER_BYTES HOLD_MS
// [server] (positions 1 to 7; 0 is the workload's name).  0 on success.
int one_session(const std::vector<std::string>& args) {
  int family = std::atoi(args.at(1).c_str());
  auto sport = static_cast<uint16_t>(std::atoi(args.at(2).c_str()));
  auto cport = static_cast<uint16_t>(std::atoi(args.at(3).c_str()));
  size_t cbytes = std::strtoul(args.at(4).c_str(), nullptr, 10);
  size_t sbytes = std::strtoul(args.at(5).c_str(), nullptr, 10);
  int hold_ms = std::atoi(args.at(6).c_str());
  int af = family == 6 ? AF_INET6 : AF_INET;
  socklen_t len = addr_len(family);
  int one = 1;

  int l = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Addr sa = loopback(family, sport);
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(l, &sa.sa, len) != 0 || listen(l, 4) != 0) return 10;
  int c = socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Addr ca = loopback(family, cport);
  setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(c, &ca.sa, len) != 0) return 11;
  if (connect(c, &sa.sa, len) != 0) return 12;
  int s = accept(l, nullptr, nullptr);
  if (s < 0) return 13;
  if (!send_all(c, cbytes) || !recv_exactly(s, cbytes)) return 14;
  if (!send_all(s, sbytes) || !recv_exactly(c, sbytes)) return 15;
  std::this_thread::sleep_for(std::chrono::milliseconds(hold_ms));
  bool server_first = args.size() > 7 && args[7] == "server";
  int first = server_first ? s : c, second = server_first ? c : s;
  close(first);
  char b;
  if (recv(second, &b, 1, 0) != 0) return 16;  // the other end's FIN
  close(second);
  close(l);
  return 0;
}

// args: NAME, then one_session's.
CS_WORKLOAD(tcp_session) {
  set_comm(args.at(0));
  return one_session(args);
}

// args: NAME SERVER_PORT CLIENT_PORT.  An IPv4 session between two
// processes: a child named NAME + "s" accepts it, answers 100 bytes with 100
// and closes first; this process, NAME, connects and closes second.  The
// child's last state changes run in this process's context (loopback
// delivers the FIN where it is sent), so only a tool that took the child
// at its close() names it.
CS_WORKLOAD(tcp_two_processes) {
  set_comm(args.at(0));
  auto sport = static_cast<uint16_t>(std::atoi(args.at(1).c_str()));
  auto cport = static_cast<uint16_t>(std::atoi(args.at(2).c_str()));
  socklen_t len = addr_len(4);
  int one = 1;
  int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Addr sa = loopback(4, sport);
  setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(l, &sa.sa, len) != 0 || listen(l, 4) != 0) return 10;
  pid_t child = fork();
  if (child == 0) {
    set_comm(args.at(0) + "s");
    int s = accept(l, nullptr, nullptr);
    if (s < 0 || !recv_exactly(s, 100) || !send_all(s, 100)) _exit(20);
    close(s);
    _exit(0);
  }
  close(l);
  int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  Addr ca = loopback(4, cport);
  setsockopt(c, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(c, &ca.sa, len) != 0 || connect(c, &sa.sa, len) != 0) return 11;
  if (!send_all(c, 100) || !recv_exactly(c, 100)) return 12;
  char b;
  if (recv(c, &b, 1, 0) != 0) return 13;  // the child's FIN
  close(c);
  int st = 0;
  waitpid(child, &st, 0);
  return WIFEXITED(st) ? WEXITSTATUS(st) : 14;
}


Session run_session(int family, size_t cbytes, size_t sbytes, int hold_ms,
                    const char* closes_first) {
  Session s{unique_token("tl"), family, free_port(family), 0, cbytes, sbytes};
  do s.cport = free_port(family);
  while (s.cport == s.sport);
  s.pid = spawn_workload("tcp_session",
                         {s.name, std::to_string(family), std::to_string(s.sport),
                          std::to_string(s.cport), std::to_string(cbytes), std::to_string(sbytes),
                          std::to_string(hold_ms), closes_first});
  EXPECT_EQ(wait_workload(s.pid), 0) << "the session workload failed";
  return s;
}


pid_t spawn_two_processes(const std::string& name, uint16_t sport, uint16_t cport) {
  return spawn_workload("tcp_two_processes", {name, std::to_string(sport), std::to_string(cport)});
}

const char* loop_text(int family) { return family == 6 ? "::1" : "127.0.0.1"; }

}  // namespace cstest
