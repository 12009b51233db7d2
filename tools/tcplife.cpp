// tcplife: trace TCP sessions as they close: their ends, bytes and lifespan.
#include <cstdint>
#include <string>

#include "common/base/fixed_str.h"
#include "common/cli/inet_options.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/inet_addr.h"
#include "tcplife.h"
#include "tcplife.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace the lifespan of TCP sessions and summarize");
  cs::InetOptions inet;
  cs::add_socket_flags(cli, inet);
  cli.examples(R"(EXAMPLES:
  tcplife                # trace every TCP session as it ends
  tcplife -p 181         # only sessions of PID 181
  tcplife -4             # IPv4 only
  tcplife -w -6          # IPv6 only, with columns wide enough for its addresses
  tcplife -L 80,443      # only sessions on local port 80 or 443
  tcplife -D 5432        # only sessions to remote port 5432
  tcplife -T             # with the time of day)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<tcplife_bpf> skel(c);
  cs::set_inet_knobs(*skel->rodata, inet);
  skel.load_and_attach();
  cs::mark_start();

  const int addr_width = inet.wide ? cs::kInetWideWidth : cs::kInet4Width;
  enum { kTime, kElapsed, kPid, kComm, kLaddr, kLport, kRaddr, kRport, kTxKb, kRxKb, kMs,
         kTxBytes, kRxBytes, kSpanNs };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8, .text = inet.time},
      {.header = "TIME(s)", .key = "timestamp", .width = 9, .text = inet.timestamp, .precision = 6},
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "LADDR", .key = "laddr", .width = addr_width},
      {.header = "LPORT", .key = "lport", .width = 5},
      {.header = "RADDR", .key = "raddr", .width = addr_width},
      {.header = "RPORT", .key = "rport", .width = 5},
      {.header = "TX_KB", .width = 6, .precision = 2},
      {.header = "RX_KB", .width = 6, .precision = 2},
      {.header = "MS", .precision = 2},
      {.key = "tx_bytes", .text = false},
      {.key = "rx_bytes", .text = false},
      {.key = "span_ns", .text = false},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string laddr, raddr;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<tcplife_event>(data, size);
    laddr = cs::inet_addr_text(e.ends.family, e.ends.saddr);
    raddr = cs::inet_addr_text(e.ends.family, e.ends.daddr);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kElapsed] = cs::Value::elapsed(e.ts_ns);
    row[kPid] = e.pid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kLaddr] = std::string_view(laddr);
    row[kLport] = e.ends.sport;
    row[kRaddr] = std::string_view(raddr);
    row[kRport] = e.ends.dport;
    row[kTxKb] = static_cast<double>(e.tx_bytes) / 1024;
    row[kRxKb] = static_cast<double>(e.rx_bytes) / 1024;
    row[kMs] = static_cast<double>(e.span_ns) / 1e6;
    row[kTxBytes] = e.tx_bytes;
    row[kRxBytes] = e.rx_bytes;
    row[kSpanNs] = e.span_ns;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
