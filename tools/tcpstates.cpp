// tcpstates: trace TCP state changes, with the time spent in each state.
#include <sys/socket.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "common/base/fixed_str.h"
#include "common/cli/inet_options.h"
#include "common/names/tcp_states.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/inet_addr.h"
#include "tcpstates.h"
#include "tcpstates.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace TCP session state changes and durations");
  cs::InetOptions inet;
  cs::add_socket_flags(cli, inet);
  cli.examples(R"(EXAMPLES:
  tcpstates              # trace every TCP state change
  tcpstates -T           # with the time of day
  tcpstates -L 80        # only sockets on local port 80
  tcpstates -D 80,443    # only sockets with remote port 80 or 443
  tcpstates -6 -w        # IPv6 only, wide enough for its addresses
  tcpstates -p 181       # only sockets of PID 181)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<tcpstates_bpf> skel(c);
  cs::set_inet_knobs(*skel->rodata, inet);
  skel.load_and_attach();
  cs::mark_start();

  const int addr_width = inet.wide ? cs::kInetWideWidth : cs::kInet4Width;
  enum { kTime, kElapsed, kSkaddr, kSkaddrJson, kPid, kComm, kIp, kLaddr, kLport, kRaddr, kRport,
         kOld, kArrow, kNew, kMs, kDeltaNs };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8, .text = inet.time},
      {.header = "TIME(s)", .key = "timestamp", .width = 9, .text = inet.timestamp, .precision = 6},
      {.header = "SKADDR", .width = 16, .base = 'x'},
      {.key = "skaddr", .text = false},
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "COMM", .key = "comm", .width = inet.wide ? 16 : 10},
      {.header = "IP", .key = "ip", .width = 2, .text = inet.wide},
      {.header = "LADDR", .key = "laddr", .width = addr_width},
      {.header = "LPORT", .key = "lport", .width = 5},
      {.header = "RADDR", .key = "raddr", .width = addr_width},
      {.header = "RPORT", .key = "rport", .width = 5},
      {.header = "OLDSTATE", .key = "oldstate", .width = 11},
      {.header = "->"},
      {.header = "NEWSTATE", .key = "newstate", .width = 11},
      {.header = "MS", .precision = 3},
      {.key = "delta_ns", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string laddr, raddr, oldstate, newstate;
  char skaddr[20];
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<tcpstates_event>(data, size);
    laddr = cs::inet_addr_text(e.ends.family, e.ends.saddr);
    raddr = cs::inet_addr_text(e.ends.family, e.ends.daddr);
    oldstate = cs::tcp_state_name(e.oldstate);
    newstate = cs::tcp_state_name(e.newstate);
    std::snprintf(skaddr, sizeof skaddr, "%llx", static_cast<unsigned long long>(e.skaddr));
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kElapsed] = cs::Value::elapsed(e.ts_ns);
    row[kSkaddr] = e.skaddr;
    row[kSkaddrJson] = std::string_view(skaddr);  // hex text: JSON numbers lose 64-bit addresses
    row[kPid] = e.pid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kIp] = e.ends.family == AF_INET6 ? 6 : 4;
    row[kLaddr] = std::string_view(laddr);
    row[kLport] = e.ends.sport;
    row[kRaddr] = std::string_view(raddr);
    row[kRport] = e.ends.dport;
    row[kOld] = std::string_view(oldstate);
    row[kArrow] = "->";
    row[kNew] = std::string_view(newstate);
    row[kMs] = static_cast<double>(e.delta_ns) / 1e6;
    row[kDeltaNs] = e.delta_ns;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
