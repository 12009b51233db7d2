// Helpers the interrupt live tests share (hardirqs, softirqs,
// softirqslower).  UDP datagrams a process sends to itself over loopback.  Each send queues
// the packet on the CPU's backlog and raises NET_RX there; the softirq runs
// when the send re-enables bottom halves, in the sender's context.
#pragma once
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>

namespace cstest {

// Moves the caller into a network namespace of its own (leaving the host's
// alone) and brings its loopback up.  False if neither works.
inline bool private_loopback() {
  unshare(CLONE_NEWNET);  // where refused, use the current namespace's lo
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return false;
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
  if (ok && !(ifr.ifr_flags & IFF_UP)) {
    ifr.ifr_flags |= IFF_UP;
    ok = ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
  }
  close(s);
  return ok;
}

// Pins the caller to `cpu`.
inline bool pin_to_cpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set) == 0;
}

// The first CPU the caller may run on.
inline int first_allowed_cpu() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET(cpu, &set)) return cpu;
  return 0;
}

// Returns once every CPU the caller may use has run it: whatever interrupt
// or softirq handler was running on a CPU before the call has returned by
// then (handlers cannot be scheduled away).  Restores the affinity.
inline void settle_cpus() {
  cpu_set_t mine;
  if (sched_getaffinity(0, sizeof mine, &mine) != 0) return;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
    if (CPU_ISSET(cpu, &mine)) pin_to_cpu(cpu);
  sched_setaffinity(0, sizeof mine, &mine);
}

// Sends n datagrams to itself on 127.0.0.1 and receives each; 0 on success.
inline int udp_to_self(int n) {
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return 10;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    return 11;
  char buf[64] = "corescope";
  for (int i = 0; i < n; i++) {
    if (sendto(s, buf, 16, 0, reinterpret_cast<sockaddr*>(&a), sizeof a) != 16) return 12;
    if (recv(s, buf, sizeof buf, 0) != 16) return 13;
  }
  close(s);
  return 0;
}

}  // namespace cstest
