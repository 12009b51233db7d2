// tcpretrans: trace TCP retransmits (and tail loss probes), or count them per flow.
#include <sys/socket.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/cli/inet_options.h"
#include "common/names/tcp_states.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/inet_addr.h"
#include "tcpretrans.h"
#include "tcpretrans.skel.h"

namespace {

std::string end_text(uint16_t family, const uint8_t (&addr)[16], uint16_t port) {
  return cs::inet_addr_text(family, addr) + ":" + std::to_string(port);
}

// -c: at the end, one line per flow, fewest first (bcc's order and layout).
void print_counts(int fd) {
  auto rows = cs::read_hash_map<cs_inet_ends, uint64_t>(fd, false);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
  enum { kLocal, kArrow, kRemote, kCount, kLaddr, kLport, kRaddr, kRport };
  cs::Record rec({
      {.width = 20},
      {.header = "<->"},
      {.width = 20},
      {.key = "retransmits", .width = 10, .right = true},
      {.key = "laddr", .text = false},
      {.key = "lport", .text = false},
      {.key = "raddr", .text = false},
      {.key = "rport", .text = false},
  }, "table");
  cs::TableReport t(rec);
  t.header = false;
  t.rows_key = "flows";
  t.time = cs::wall_hms_now();
  char head[96];
  std::snprintf(head, sizeof head, "\n%-25s %-25s %-10s\n", "LADDR:LPORT", "RADDR:RPORT",
                "RETRANSMITS");
  t.text_before = head;
  std::vector<std::string> texts;  // the rows' views point into it
  texts.reserve(rows.size() * 4);
  for (const auto& [k, n] : rows) {
    cs::Row& r = t.add_row();
    r[kLocal] = std::string_view(texts.emplace_back(end_text(k.family, k.saddr, k.sport)));
    r[kArrow] = "<->";
    r[kRemote] = std::string_view(texts.emplace_back(end_text(k.family, k.daddr, k.dport)));
    r[kCount] = n;
    r[kLaddr] = std::string_view(texts.emplace_back(cs::inet_addr_text(k.family, k.saddr)));
    r[kLport] = k.sport;
    r[kRaddr] = std::string_view(texts.emplace_back(cs::inet_addr_text(k.family, k.daddr)));
    r[kRport] = k.dport;
  }
  cs::sink().table(t);
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace TCP retransmits");
  cs::InetOptions inet;
  bool count = false, lossprobe = false;
  cli.flag("-c,--count", count, "Count retransmits per flow, print the counts at the end")
      .flag("-l,--lossprobe", lossprobe,
            "Include tail loss probe attempts (needs kprobes or fentry)")
      .pid_filter("-p,--pid", "Trace sockets of this process only")
      .duration();
  cs::add_family_flags(cli, inet);
  cs::add_port_filters(cli, inet);
  cli.examples(R"(EXAMPLES:
  tcpretrans             # trace TCP retransmits
  tcpretrans -l          # include tail loss probe attempts
  tcpretrans -c          # count retransmits per flow, print at Ctrl-C
  tcpretrans -4          # IPv4 only
  tcpretrans -D 443      # only flows to remote port 443)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  // Without -l the tracepoint's every flavour; with it, only the tiers that
  // also reach tcp_send_loss_probe() (bpf/tcpretrans.bpf.c).
  cs::Skeleton<tcpretrans_bpf> skel(c, cs::HookPlan()
                                           .without("set_state", lossprobe)
                                           .without("retransmit", lossprobe)
                                           .without("set_state_l", !lossprobe)
                                           .without("retransmit_l", !lossprobe)
                                           .without("tlp", !lossprobe));
  cs::set_inet_knobs(*skel->rodata, inet);
  skel->rodata->count_only = count;
  skel.load_and_attach();

  const char* banner = "Tracing retransmits ... Hit Ctrl-C to end\n";
  if (c.json) std::fputs(banner, stderr);
  else cs::out().put(banner);
  if (count) {
    int rc = cs::run_loop(c, nullptr);
    print_counts(bpf_map__fd(skel->maps.counts));
    cs::warn_uncounted(skel.obj(), "retransmits not counted: too many flows");
    return rc;
  }

  enum { kTime, kPid, kComm, kIp, kLocal, kType, kRemote, kState, kLaddr, kLport, kRaddr,
         kRport, kKind };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8},
      {.header = "PID", .key = "pid", .width = 7},
      {.key = "comm", .text = false},
      {.header = "IP", .key = "ip", .width = 2},
      {.header = "LADDR:LPORT", .width = 20},
      {.header = "T>", .width = 1, .suffix = ">"},
      {.header = "RADDR:RPORT", .width = 20},
      {.header = "STATE", .key = "state"},
      {.key = "laddr", .text = false},
      {.key = "lport", .text = false},
      {.key = "raddr", .text = false},
      {.key = "rport", .text = false},
      {.key = "kind", .text = false},  // "type" names the JSON line's type
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  std::string local, remote, laddr, raddr, state;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<tcpretrans_event>(data, size);
    laddr = cs::inet_addr_text(e.ends.family, e.ends.saddr);
    raddr = cs::inet_addr_text(e.ends.family, e.ends.daddr);
    local = laddr + ":" + std::to_string(e.ends.sport);
    remote = raddr + ":" + std::to_string(e.ends.dport);
    state = cs::tcp_state_name(e.state);
    row[kTime] = cs::Value::wall_time(e.ts_ns);
    row[kPid] = e.pid;
    row[kComm] = cs::fixed_str(e.comm);
    row[kIp] = e.ends.family == AF_INET6 ? 6 : 4;
    row[kLocal] = std::string_view(local);
    bool tlp = e.type == TCPRETRANS_LOSS_PROBE;
    row[kType] = tlp ? "L" : "R";
    row[kKind] = tlp ? "loss_probe" : "retransmit";
    row[kRemote] = std::string_view(remote);
    row[kState] = std::string_view(state);
    row[kLaddr] = std::string_view(laddr);
    row[kLport] = e.ends.sport;
    row[kRaddr] = std::string_view(raddr);
    row[kRport] = e.ends.dport;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
