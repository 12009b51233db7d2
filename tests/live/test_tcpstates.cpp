// Live tests for tcpstates: a workload opens and closes one TCP session to a
// listener of its own on ports the test chose; tcpstates must report every
// state change of its three sockets (listener, connecting, accepted) in the
// kernel's order, each socket's lines under one SKADDR, with the socket's
// owner as PID and COMM, and the time spent in each state.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness.h"
#include "proc_helpers.h"
#include "tcp_sessions.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char kHeader[] =
    "SKADDR           PID     COMM       LADDR           LPORT RADDR           RPORT "
    "OLDSTATE    -> NEWSTATE    MS";

// tcpstates --json with args around sessions cause() runs until one is seen
// from its first change, then until it shows `lines` changes; the events.
std::vector<JsonValue> changes_of(const std::vector<std::string>& args,
                                  const std::function<Session()>& cause, size_t lines,
                                  Session& s) {
  std::vector<std::string> a = args;
  a.push_back("--json");
  ToolProcess t("tcpstates", a);
  EXPECT_TRUE(t.cause_until([&] { s = cause(); },
                            [&](const std::string& out, const std::string&) {
                              // Its first change seen: the tool was attached before it began.
                              for (const JsonValue& e : json_events(complete_lines(out)))
                                if (e["lport"].num == s.sport && e["newstate"].str == "LISTEN")
                                  return true;
                              return false;
                            },
                            std::chrono::seconds(20), std::chrono::milliseconds(500)))
      << t.describe();
  // The last change (the listener's close) comes last: wait for it.
  t.wait_until([&](const std::string& out, const std::string&) {
    size_t n = 0;
    for (const JsonValue& e : json_events(complete_lines(out)))
      n += e["lport"].num == s.sport || e["lport"].num == s.cport;
    return n >= lines;
  }, std::chrono::seconds(5));
  Exit x = t.stop();
  EXPECT_TRUE(x.exited && x.code == 0) << t.describe();
  return json_events(complete_lines(t.out()));
}

// "OLD>NEW" per socket (by skaddr), in order, for the sockets on our ports.
std::map<std::string, std::vector<std::string>> by_socket(const std::vector<JsonValue>& ev,
                                                          const Session& s) {
  std::map<std::string, std::vector<std::string>> m;
  for (const JsonValue& e : ev)
    if (e["lport"].num == s.sport || e["lport"].num == s.cport)
      m[e["skaddr"].str].push_back(e["oldstate"].str + ">" + e["newstate"].str);
  return m;
}

const std::vector<std::string> kListener = {"CLOSE>LISTEN", "LISTEN>CLOSE"};
const std::vector<std::string> kClient = {"CLOSE>SYN_SENT", "SYN_SENT>ESTABLISHED",
                                          "ESTABLISHED>FIN_WAIT1", "FIN_WAIT1>FIN_WAIT2",
                                          "FIN_WAIT2>CLOSE"};
const std::vector<std::string> kServer = {"LISTEN>SYN_RECV", "SYN_RECV>ESTABLISHED",
                                          "ESTABLISHED>CLOSE_WAIT", "CLOSE_WAIT>LAST_ACK",
                                          "LAST_ACK>CLOSE"};

void expect_three_sockets(const std::vector<JsonValue>& ev, const Session& s) {
  auto m = by_socket(ev, s);
  std::vector<std::vector<std::string>> seqs;
  for (auto& [addr, seq] : m) seqs.push_back(seq);
  ASSERT_EQ(seqs.size(), 3u);
  EXPECT_EQ(std::count(seqs.begin(), seqs.end(), kListener), 1);
  EXPECT_EQ(std::count(seqs.begin(), seqs.end(), kClient), 1);
  EXPECT_EQ(std::count(seqs.begin(), seqs.end(), kServer), 1);
}

TEST(tcpstates, EveryChangeOfOneIpv4Session) {
  CS_REQUIRE_BPF();
  Session s;
  auto ev = changes_of({}, [] { return run_session(4, 100, 100, 0); }, 12, s);
  expect_three_sockets(ev, s);
  for (const JsonValue& e : ev) {
    if (e["lport"].num != s.sport && e["lport"].num != s.cport) continue;
    EXPECT_EQ(e["pid"].num, s.pid);
    EXPECT_EQ(e["comm"].str, s.name);
    EXPECT_EQ(e["ip"].num, 4);
    EXPECT_EQ(e["laddr"].str, "127.0.0.1");
    bool listener = e["oldstate"].str == "LISTEN" && e["newstate"].str == "CLOSE";
    // Older kernels (5.10 to 6.12) clone an accepted socket from the listener, and
    // traces that, before it copies the remote end in.
    bool cloned = e["oldstate"].str == "LISTEN" && e["newstate"].str == "SYN_RECV";
    if (cloned && e["rport"].num == 0) {
      EXPECT_EQ(e["raddr"].str, "0.0.0.0");
    } else if (e["newstate"].str == "LISTEN" || listener) {
      EXPECT_EQ(e["raddr"].str, "0.0.0.0");
      EXPECT_EQ(e["rport"].num, 0);
    } else {
      EXPECT_EQ(e["raddr"].str, "127.0.0.1");
      EXPECT_EQ(e["rport"].num, e["lport"].num == s.sport ? s.cport : s.sport);
    }
    double ms = e["delta_ns"].num / 1e6;
    EXPECT_GE(ms, 0);
    EXPECT_LT(ms, 60'000);
  }
}

TEST(tcpstates, Ipv6SessionAndTheTimeInEachState) {
  CS_REQUIRE_BPF();
  Session s;
  auto ev = changes_of({"-6"}, [] { return run_session(6, 100, 100, 300); }, 12, s);
  expect_three_sockets(ev, s);
  // The session was held 300 ms: both ends stayed that long in ESTABLISHED.
  int held = 0;
  for (const JsonValue& e : ev)
    if ((e["lport"].num == s.sport || e["lport"].num == s.cport) &&
        e["oldstate"].str == "ESTABLISHED") {
      EXPECT_EQ(e["laddr"].str, "::1");
      EXPECT_GE(e["delta_ns"].num / 1e6, 300);
      held++;
    }
  EXPECT_EQ(held, 2);
}

// The accepted socket of a listener's forked worker: named after the
// listener's process from its first change (the clone from the listener),
// and after the worker once the worker closes it; the peers name whoever ran.
TEST(tcpstates, AcceptedSocketIsNamedAfterItsOwners) {
  CS_REQUIRE_BPF();
  Session s;
  auto ev = changes_of({}, [] {
    Session x{unique_token("ts"), 4, free_port(4), 0, 100, 100};
    do x.cport = free_port(4);
    while (x.cport == x.sport);
    x.pid = spawn_two_processes(x.name, x.sport, x.cport);
    EXPECT_EQ(wait_workload(x.pid), 0);
    return x;
  }, 12, s);
  // The accepted socket's lines, by its address (its first line may lack
  // the remote end: see EveryChangeOfOneIpv4Session).
  std::string skaddr;
  for (const JsonValue& e : ev)
    if (e["lport"].num == s.sport && e["rport"].num == s.cport) skaddr = e["skaddr"].str;
  std::vector<std::string> server_comms;
  for (const JsonValue& e : ev)
    if (!skaddr.empty() && e["skaddr"].str == skaddr)
      server_comms.push_back(e["oldstate"].str + ">" + e["newstate"].str + " " + e["comm"].str);
  // The worker closes first: FIN_WAIT1 is where it takes over.
  std::vector<std::string> want = {
      "LISTEN>SYN_RECV " + s.name, "SYN_RECV>ESTABLISHED " + s.name,
      "ESTABLISHED>FIN_WAIT1 " + s.name + "s", "FIN_WAIT1>FIN_WAIT2 " + s.name + "s",
      "FIN_WAIT2>CLOSE " + s.name + "s"};
  EXPECT_EQ(server_comms, want);
}

TEST(tcpstates, TextLinesInThePeersLayout) {
  CS_REQUIRE_BPF();
  ToolProcess t("tcpstates", {"-L", "1"});  // nothing passes: the header alone first
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  t.stop();
  ToolProcess w("tcpstates", {"-w", "-T"});
  ASSERT_TRUE(w.wait_for_out("TIME     SKADDR           PID     COMM             IP LADDR")) << w.describe();
  Session s = run_session(4, 10, 10);
  ASSERT_TRUE(w.wait_until([&](const std::string&, const std::string&) {
    return lines_with_word(w, std::to_string(s.sport)).size() >= 12;  // 3 sockets, 12 changes
  }, std::chrono::seconds(10))) << w.describe();
  w.stop();
  for (const std::string& line : lines_with_word(w, s.name)) {
    auto f = words(line);
    ASSERT_EQ(f.size(), 13u) << line;
    EXPECT_TRUE(is_hms(f[0])) << line;
    EXPECT_EQ(f[1].find_first_not_of("0123456789abcdef"), std::string::npos) << line;
    EXPECT_EQ(f[2], std::to_string(s.pid)) << line;
    EXPECT_EQ(f[4], "4") << line;
    EXPECT_EQ(f[10], "->") << line;
    EXPECT_EQ(f[12].size() - f[12].find('.'), 4u) << line;  // MS with 3 decimals
  }
}

TEST(tcpstates, BadUsage) {
  expect_usage_errors("tcpstates", {{"-L", "0"}, {"-D", "x"}, {"-4", "-6"}, {"extra"}});
}

}  // namespace
