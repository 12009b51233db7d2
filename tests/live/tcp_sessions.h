// TCP sessions over loopback that the network tools' live tests cause: a
// workload names itself, listens and connects on ports the test chose
// (IPv4 127.0.0.1 or IPv6 ::1), moves byte counts the test chose and closes,
// so a test knows every field a tool must report.
#pragma once
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cstest {

// A TCP port nothing on loopback uses now (bound once, then released).
uint16_t free_port(int family);

// One session a workload ran: its comm, family (4 or 6), server and client
// ports, the bytes each side sent, its pid.
struct Session {
  std::string name;
  int family;
  uint16_t sport, cport;
  size_t cbytes, sbytes;
  pid_t pid = 0;
};

// Runs the tcp_session workload to its end: the client sends cbytes, the
// server answers sbytes, the session stays open hold_ms, then closes_first
// ("client" or "server") closes first.  Adds a failure if it failed.
Session run_session(int family, size_t cbytes, size_t sbytes, int hold_ms = 0,
                    const char* closes_first = "client");

// The same session in this process, under its own name (as one_session's
// args: "", FAMILY, SERVER_PORT, CLIENT_PORT, CLIENT_BYTES, SERVER_BYTES,
// HOLD_MS [, server]).  0 on success.
int one_session(const std::vector<std::string>& args);

// The tcp_two_processes workload (args NAME SERVER_PORT CLIENT_PORT): a
// child NAME + "s" accepts one IPv4 session, answers 100 bytes with 100 and
// closes first; the parent NAME connects and closes second.
pid_t spawn_two_processes(const std::string& name, uint16_t sport, uint16_t cport);

const char* loop_text(int family);  // "127.0.0.1" or "::1"

}  // namespace cstest
