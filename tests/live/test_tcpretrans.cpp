// Live tests for tcpretrans: a workload in a network namespace of its own
// opens a session over its loopback, makes the receiving socket drop every
// segment for a while (a classic BPF filter that accepts nothing), then lets
// them through; the sender retransmits by its timer until one gets through.
// The kernel counts those retransmits itself (TCP_INFO tcpi_total_retrans):
// tcpretrans must report exactly that many, for that flow, with the
// workload as the socket's process.
#include <gtest/gtest.h>
#include <arpa/inet.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "harness.h"
#include "irq_workloads.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

constexpr uint16_t kServerPort = 7411, kClientPort = 7412;  // in the workload's own namespace

bool write_file(const char* path, const char* text) {
  FILE* f = std::fopen(path, "we");
  if (!f) return false;
  bool ok = std::fputs(text, f) >= 0;
  return std::fclose(f) == 0 && ok;
}

// args: NAME.  Exit status: the sender's retransmits (0..99), or 100+ when a
// step failed.  Tail loss probes are turned off in the namespace, so every
// resend is a timer retransmit the kernel counts.
CS_WORKLOAD(tcpretrans_lossy) {
  set_comm(args.at(0));
  if (unshare(CLONE_NEWNET) != 0 || !private_loopback()) return 100;
  if (!write_file("/proc/sys/net/ipv4/tcp_early_retrans", "0")) return 101;
  sockaddr_in sa{}, ca{};
  sa.sin_family = ca.sin_family = AF_INET;
  sa.sin_addr.s_addr = ca.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(kServerPort);
  ca.sin_port = htons(kClientPort);
  int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (bind(l, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || listen(l, 1) != 0) return 102;
  if (bind(c, reinterpret_cast<sockaddr*>(&ca), sizeof ca) != 0 ||
      connect(c, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0)
    return 103;
  int s = accept(l, nullptr, nullptr);
  if (s < 0) return 104;
  sock_filter drop_all[] = {{BPF_RET | BPF_K, 0, 0, 0}};
  sock_fprog prog{1, drop_all};
  if (setsockopt(s, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0) return 105;
  char buf[1000] = {};
  if (send(c, buf, sizeof buf, 0) != sizeof buf) return 106;
  std::this_thread::sleep_for(std::chrono::milliseconds(700));  // a few timer retransmits
  int zero = 0;
  if (setsockopt(s, SOL_SOCKET, SO_DETACH_FILTER, &zero, sizeof zero) != 0) return 107;
  size_t got = 0;
  while (got < sizeof buf) {
    ssize_t r = recv(s, buf, sizeof buf - got, 0);
    if (r <= 0) return 108;
    got += static_cast<size_t>(r);
  }
  tcp_info info{};
  socklen_t len = sizeof info;
  if (getsockopt(c, IPPROTO_TCP, TCP_INFO, &info, &len) != 0) return 109;
  close(c);
  close(s);
  close(l);
  return info.tcpi_total_retrans < 100 ? static_cast<int>(info.tcpi_total_retrans) : 110;
}

// Starts the tool, runs the workload once it is attached (its banner and,
// in trace mode, header come after the attach); the workload's name and
// retransmits.
struct Lossy {
  std::string name;
  pid_t pid = 0;
  int retransmits = -1;
};

Lossy run_lossy() {
  Lossy w{unique_token("rt")};
  w.pid = spawn_workload("tcpretrans_lossy", {w.name});
  w.retransmits = wait_workload(w.pid);
  return w;
}

const char kBanner[] = "Tracing retransmits ... Hit Ctrl-C to end";

TEST(tcpretrans, EveryRetransmitOfTheFlow) {
  CS_REQUIRE_BPF();
  ToolProcess t("tcpretrans", {"--json"});
  ASSERT_TRUE(t.wait_for_err(kBanner)) << t.describe();
  Lossy w = run_lossy();
  ASSERT_GE(w.retransmits, 1) << "the workload failed or did not retransmit";
  ASSERT_LT(w.retransmits, 100) << "the workload failed at step " << w.retransmits;
  t.wait_until([&](const std::string& out, const std::string&) {
    size_t n = 0;
    for (size_t p = out.find(w.name); p != std::string::npos; p = out.find(w.name, p + 1)) n++;
    return n >= static_cast<size_t>(w.retransmits);
  }, std::chrono::seconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  t.stop();
  int seen = 0;
  for (const JsonValue& e : json_events(complete_lines(t.out()))) {
    if (e["comm"].str != w.name) continue;
    seen++;
    EXPECT_EQ(e["pid"].num, w.pid);
    EXPECT_EQ(e["ip"].num, 4);
    EXPECT_EQ(e["laddr"].str, "127.0.0.1");
    EXPECT_EQ(e["lport"].num, kClientPort);
    EXPECT_EQ(e["raddr"].str, "127.0.0.1");
    EXPECT_EQ(e["rport"].num, kServerPort);
    EXPECT_EQ(e["kind"].str, "retransmit");
    EXPECT_EQ(e["state"].str, "ESTABLISHED");
  }
  EXPECT_EQ(seen, w.retransmits) << t.describe();
}

TEST(tcpretrans, TextLineInBccsLayout) {
  CS_REQUIRE_BPF();
  ToolProcess t("tcpretrans", {"-L", std::to_string(kClientPort)});
  ASSERT_TRUE(t.wait_for_out("TIME     PID     IP LADDR:LPORT          T> RADDR:RPORT          STATE\n"))
      << t.describe();
  Lossy w = run_lossy();
  ASSERT_GE(w.retransmits, 1);
  ASSERT_LT(w.retransmits, 100);
  std::string line = "127.0.0.1:" + std::to_string(kClientPort);
  ASSERT_TRUE(t.wait_for_out(line, std::chrono::seconds(10))) << t.describe();
  t.stop();
  for (const std::string& l : lines_with_word(t, line)) {
    auto f = words(l);
    ASSERT_EQ(f.size(), 7u) << l;
    EXPECT_TRUE(is_hms(f[0])) << l;
    EXPECT_EQ(f[1], std::to_string(w.pid)) << l;
    EXPECT_EQ(f[2], "4") << l;
    EXPECT_EQ(f[4], "R>") << l;
    EXPECT_EQ(f[5], "127.0.0.1:" + std::to_string(kServerPort)) << l;
    EXPECT_EQ(f[6], "ESTABLISHED") << l;
  }
}

TEST(tcpretrans, CountsPerFlowMatchTheKernelsCount) {
  CS_REQUIRE_BPF();
  ToolProcess t("tcpretrans", {"-c", "-L", std::to_string(kClientPort), "--json"});
  ASSERT_TRUE(t.wait_for_err(kBanner)) << t.describe();
  Lossy w = run_lossy();
  ASSERT_GE(w.retransmits, 1);
  ASSERT_LT(w.retransmits, 100);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Exit x = t.stop();
  ASSERT_TRUE(x.exited && x.code == 0) << t.describe();
  auto lines = parse_json_lines(t.out());
  ASSERT_EQ(lines.size(), 1u) << t.out();
  const JsonValue& flows = lines[0]["flows"];
  ASSERT_EQ(flows.items.size(), 1u) << t.out();  // -L keeps the workload's flow only
  EXPECT_EQ(flows[0]["laddr"].str, "127.0.0.1");
  EXPECT_EQ(flows[0]["lport"].num, kClientPort);
  EXPECT_EQ(flows[0]["rport"].num, kServerPort);
  EXPECT_EQ(flows[0]["retransmits"].num, w.retransmits);
}

TEST(tcpretrans, LossProbesNeedKprobesOrFentry) {
  CS_REQUIRE_BPF();
  RunResult r = run_tool("tcpretrans", {"-l", "-d", "1"});
  if (r.exit.exited && r.exit.code == 0) {
    // A kernel with either: tracing ran, the banner and header came.
    EXPECT_NE(r.out.find("T> RADDR:RPORT"), std::string::npos) << r.out << r.err;
    return;
  }
  EXPECT_TRUE(r.exit.exited && r.exit.code == 1) << r.err;
  EXPECT_EQ(r.err.rfind("tcpretrans: cannot attach on this kernel: fentry/tcp_send_loss_probe: ", 0),
            0u) << r.err;
  EXPECT_NE(r.err.find("; kprobe/tcp_send_loss_probe: this kernel has no kprobes\n"),
            std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  std::printf("CS-EXPECTED-ERROR: %s", r.err.c_str());
}

TEST(tcpretrans, BadUsage) {
  expect_usage_errors("tcpretrans", {{"-L", "0"}, {"-4", "-6"}, {"-c", "extra"}});
}

}  // namespace
