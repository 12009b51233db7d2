// Live tests for capable: a workload with a unique name calls setuid(0),
// which checks CAP_SETUID (7); as root the check passes, after dropping to
// uid 65534 it fails.  The tool must show that process, capability and
// verdict.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <memory>
#include <sys/wait.h>

#include "harness.h"
#include "proc_helpers.h"
#include "workloads.h"

using namespace cstest;

namespace {

const char kHeader[] = "TIME     UID   PID     COMM             CAP     NAME                 AUDIT   VERDICT";
const char kHeaderX[] =
    "TIME     UID   PID     TID     COMM             CAP     NAME                 AUDIT   VERDICT INSETID";

// args: NAME [drop|keep [N]] -- names itself NAME, with "drop" drops to uid
// 65534 (losing every capability), then calls setuid(0) N times (default 1).
CS_WORKLOAD(capable_setuid) {
  set_comm(args.at(0));
  bool drop = args.size() > 1 && args[1] == "drop";
  if (drop && setresuid(65534, 65534, 65534) != 0) return 3;
  int n = args.size() > 2 ? std::atoi(args[2].c_str()) : 1;
  for (int i = 0; i < n; i++)
    if ((setuid(0) == 0) == drop) return 4;  // root may, uid 65534 may not
  return 0;
}

// args: NAME N -- a child drops to uid 65534 and waits; NAME reads the
// child's /proc/PID/stat N times: ptrace_may_access() checks CAP_SYS_PTRACE
// with CAP_OPT_NOAUDIT (the uids differ), a non-audit check.
CS_WORKLOAD(capable_noaudit) {
  pid_t child = fork();
  if (child == 0) {
    if (setresuid(65534, 65534, 65534) != 0) _exit(3);
    for (;;) pause();
  }
  usleep(20000);  // let the child drop its uid first
  set_comm(args.at(0));
  std::string path = "/proc/" + std::to_string(child) + "/stat";
  for (int i = 0; i < std::atoi(args.at(1).c_str()); i++) {
    FILE* f = std::fopen(path.c_str(), "r");
    char buf[512];
    if (f) {
      if (!std::fgets(buf, sizeof buf, f)) buf[0] = 0;
      std::fclose(f);
    }
  }
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  return 0;
}

struct Caller {
  std::string name;
  pid_t pid;
};

Caller run_setuid(const std::vector<std::string>& extra = {}) {
  Caller r{unique_token("cp"), 0};
  std::vector<std::string> args{r.name};
  args.insert(args.end(), extra.begin(), extra.end());
  r.pid = spawn_workload("capable_setuid", args);
  EXPECT_EQ(wait_workload(r.pid), 0);
  return r;
}

// Does this kernel offer a hook for cap_capable() that this host can use?
// The capability:cap_capable tracepoint (6.14+) or kprobes; BPF trampolines
// (fexit) are not probed here, they come with kprobes on every kernel we test.
bool kernel_can_trace_capabilities() {
  ensure_tracefs();
  return access("/sys/kernel/tracing/events/capability/cap_capable", F_OK) == 0 ||
         access("/sys/kernel/debug/tracing/events/capability/cap_capable", F_OK) == 0 ||
         access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0;
}

#define CAPABLE_REQUIRE_HOOK()                                             \
  do {                                                                     \
    CS_REQUIRE_BPF();                                                      \
    if (!kernel_can_trace_capabilities()) {                                \
      GTEST_SKIP() << "no cap_capable hook here: see NoHookIsAClearError"; \
    }                                                                      \
  } while (0)

// The CAP_SETUID lines of workload r, each checked for the common columns.
std::vector<std::vector<std::string>> setuid_lines(ToolProcess& t, const Caller& r, bool extra,
                                                   size_t want = 1) {
  std::vector<std::vector<std::string>> found;
  t.wait_until([&](const std::string&, const std::string&) {
    size_t n = 0;
    for (auto& l : lines_with_word(t, r.name)) n += l.find(" CAP_SETUID ") != std::string::npos;
    return n >= want;
  });
  for (auto& l : lines_with_word(t, r.name)) {
    auto w = words(l);
    size_t c = extra ? 4 : 3;  // index of COMM
    EXPECT_EQ(w.size(), extra ? 10u : 8u) << l;
    if (w.size() < c + 5) continue;
    EXPECT_TRUE(is_hms(w[0])) << l;
    EXPECT_EQ(w[2], std::to_string(r.pid)) << l;
    if (extra) {
      EXPECT_EQ(w[3], std::to_string(r.pid)) << "TID of a single-threaded process: " << l;
    }
    EXPECT_EQ(w[c], r.name) << l;
    if (w[c + 1] == "7") {
      EXPECT_EQ(w[c + 2], "CAP_SETUID") << l;
      // setuid() checks with CAP_OPT_INSETID and audits; hooks without the
      // opts argument (the cap_capable tracepoint) print "-".
      EXPECT_TRUE(w[c + 3] == "1" || w[c + 3] == "-") << l;
      if (extra) {
        EXPECT_TRUE(w[c + 5] == "1" || w[c + 5] == "-") << l;
      }
      found.push_back(w);
    }
  }
  return found;
}

void expect_clean_stop(ToolProcess& t) {
  Exit e = t.stop(SIGINT);
  EXPECT_TRUE(e.exited && e.code == 0) << t.describe();
}

// A run of capable with args that sees the check of a setuid() workload
// it caused (runs.back(), the last one started), then stops.
std::unique_ptr<ToolProcess> run_until_seen(const std::vector<std::string>& args, std::vector<Caller>& runs) {
  auto t = std::make_unique<ToolProcess>("capable", args);
  EXPECT_TRUE(t->cause_until([&] { runs.push_back(run_setuid()); },
                             [&](const std::string& o, const std::string&) {
                               return o.find(runs.back().name) != std::string::npos;
                             }))
      << t->describe();
  expect_clean_stop(*t);
  return t;
}

TEST(capable, AllowedCheckOfOwnProcess) {
  CAPABLE_REQUIRE_HOOK();
  ToolProcess t("capable", {});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Caller r = run_setuid();
  auto lines = setuid_lines(t, r, false);
  ASSERT_EQ(lines.size(), 1u) << t.describe();
  EXPECT_EQ(lines[0][1], "0");
  EXPECT_EQ(lines[0][7], "allow");
  expect_clean_stop(t);
}

TEST(capable, DeniedCheckWithExtraFields) {
  CAPABLE_REQUIRE_HOOK();
  ToolProcess t("capable", {"-x"});
  ASSERT_TRUE(t.wait_for_out(kHeaderX)) << t.describe();
  Caller r = run_setuid({"drop"});
  // setresuid() as root is allowed, the setuid(0) after it is denied.
  auto lines = setuid_lines(t, r, true, 2);
  ASSERT_EQ(lines.size(), 2u) << t.describe();
  EXPECT_EQ(lines[0][1], "0");
  EXPECT_EQ(lines[0][8], "allow");
  EXPECT_EQ(lines[1][1], "65534");
  EXPECT_EQ(lines[1][8], "deny");
  expect_clean_stop(t);
}

// -u pid as libbpf-tools spells it, and -u / --unique alone as bcc does.
TEST(capable, UniquePerProcess) {
  CAPABLE_REQUIRE_HOOK();
  for (std::vector<std::string> args : {std::vector<std::string>{"-u", "pid"}, {"--unique"}}) {
    SCOPED_TRACE(args.back());
    ToolProcess t("capable", args);
    ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
    Caller r = run_setuid({"keep", "5"});
    Caller fence = run_setuid();  // once its line shows, r's checks were all handled
    ASSERT_EQ(setuid_lines(t, fence, false).size(), 1u) << t.describe();
    EXPECT_EQ(setuid_lines(t, r, false).size(), 1u) << t.describe();
    expect_clean_stop(t);
  }
}

// Both peers show non-audit checks only with -v.  Where the hook cannot
// see the check's options (the cap_capable tracepoint: AUDIT "-") every
// check is shown either way, as the man page says.
TEST(capable, NonAuditChecksOnlyWithV) {
  CAPABLE_REQUIRE_HOOK();
  auto ptrace_checks = [](ToolProcess& t, const std::string& name, bool* audit_known) {
    int n = 0;
    for (auto& j : json_events(t.out()))
      if (j["comm"].str == name && j["cap"].num == 19) {
        n++;
        *audit_known = j["audit"].kind != JsonValue::Null;
        if (*audit_known) {
          EXPECT_FALSE(j["audit"].b);
        }
      }
    return n;
  };
  // Each round: a setuid fence, the non-audit reads, another fence; a round
  // whose two fences both show ran entirely while the tool was attached.
  auto run = [](const std::vector<std::string>& args, std::string* name) {
    auto t = std::make_unique<ToolProcess>("capable", args);
    Caller before{"", 0}, after{"", 0};
    EXPECT_TRUE(t->cause_until(
        [&] {
          before = run_setuid();
          *name = unique_token("na");
          pid_t p = spawn_workload("capable_noaudit", {*name, "3"});
          EXPECT_EQ(wait_workload(p), 0);
          after = run_setuid();
        },
        [&](const std::string& o, const std::string&) {
          return o.find(before.name) != std::string::npos && o.find(after.name) != std::string::npos;
        }))
        << t->describe();
    Exit e = t->stop(SIGINT);
    EXPECT_TRUE(e.exited && e.code == 0) << t->describe();
    return t;
  };
  std::string with_name, without_name;
  auto with = run({"-v", "--json"}, &with_name);
  bool audit_known = false;
  EXPECT_GE(ptrace_checks(*with, with_name, &audit_known), 1) << with->describe();
  auto without = run({"--json"}, &without_name);
  bool ignored = false;
  int shown = ptrace_checks(*without, without_name, &ignored);
  if (audit_known) {
    EXPECT_EQ(shown, 0) << without->describe();
  } else {
    EXPECT_GE(shown, 1) << "the hook cannot tell, so nothing may be hidden: " << without->describe();
  }
}

TEST(capable, PidFilter) {
  CAPABLE_REQUIRE_HOOK();
  ToolProcess t("capable", {"-p", std::to_string(getpid())});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Caller other = run_setuid();
  ASSERT_TRUE(t.cause_until([] { EXPECT_EQ(setuid(0), 0); },
                            [](const std::string& o, const std::string&) {
                              return o.find("CAP_SETUID") != std::string::npos;
                            }))
      << t.describe();
  EXPECT_TRUE(lines_with_word(t, other.name).empty()) << t.describe();
  for (auto& l : t.out_lines())
    if (l != kHeader) {
      EXPECT_EQ(words(l).at(2), std::to_string(getpid())) << l;
    }
  expect_clean_stop(t);
}

// The kernel frames printed under workload r's CAP_SETUID line, up to its
// trailer ("    -                NAME (PID)").
std::vector<std::string> setuid_kernel_frames(ToolProcess& t, const Caller& r) {
  std::string trailer = "    -                " + r.name + " (" + std::to_string(r.pid) + ")";
  std::vector<std::string> frames;
  bool in = false;
  for (auto& l : t.out_lines()) {
    if (l.find(r.name) != std::string::npos && l.find(" CAP_SETUID ") != std::string::npos) in = true;
    else if (in && l == trailer) break;
    else if (in) {
      EXPECT_EQ(l.rfind("    ", 0), 0u) << l;
      frames.push_back(l.substr(std::min<size_t>(4, l.size())));
    }
  }
  return frames;
}

// What -K shows of a check the test causes: the stack starts at the check,
// cap_capable(), as a kprobe's would; none of the tracer's frames (the BPF
// program, the tracepoint glue, a trampoline) nor frames kallsyms cannot
// name come before it; it runs out through setuid() to the syscall entry.
// The same frames as JSON's "kstack".
TEST(capable, KernelStackStartsAtTheCheck) {
  CAPABLE_REQUIRE_HOOK();
  ToolProcess t("capable", {"-K"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  Caller r = run_setuid();
  std::string trailer = "    -                " + r.name + " (" + std::to_string(r.pid) + ")";
  ASSERT_TRUE(t.wait_until([&](const std::string& o, const std::string&) {
    return o.find(trailer) != std::string::npos;
  })) << t.describe();
  expect_clean_stop(t);
  size_t checks_shown = 0;  // the trailers name r too: count the check lines
  for (auto& l : lines_with_word(t, r.name)) checks_shown += l.find(" CAP_SETUID ") != std::string::npos;
  ASSERT_EQ(checks_shown, 1u) << t.describe();
  std::vector<std::string> text = setuid_kernel_frames(t, r);
  ASSERT_GE(text.size(), 3u) << t.describe();
  EXPECT_EQ(text.front(), "cap_capable") << t.describe();
  EXPECT_NE(std::find_if(text.begin(), text.end(),
                         [](const std::string& f) { return f.find("setuid") != std::string::npos; }),
            text.end())
      << t.describe();
  EXPECT_EQ(text.back().rfind("entry_SYSCALL_64", 0), 0u) << t.describe();
  for (const std::string& f : text) {
    EXPECT_NE(f, "[unknown]") << t.describe();
    for (const char* tracer : {"bpf_", "__bpf_", "perf_", "trace_", "__traceiter_"}) {
      EXPECT_NE(f.rfind(tracer, 0), 0u) << f << "\n" << t.describe();
    }
  }

  std::vector<Caller> runs;
  auto j = run_until_seen({"-K", "--json"}, runs);
  int checks = 0;
  for (auto& e : json_events(j->out())) {
    if (e["comm"].str != runs.back().name || e["cap"].num != 7) continue;
    checks++;
    std::vector<std::string> kstack;
    for (auto& f : e["kstack"].items) kstack.push_back(f.str);
    EXPECT_EQ(kstack, text) << j->describe();
  }
  EXPECT_EQ(checks, 1) << j->describe();
}

TEST(capable, JsonLinesCarryTheFields) {
  CAPABLE_REQUIRE_HOOK();
  std::vector<Caller> runs;
  auto t = run_until_seen({"--json", "-U"}, runs);
  bool found = false;
  for (auto& j : parse_json_lines(t->out())) {
    if (j["comm"].str != runs.back().name || j["cap"].num != 7) continue;
    found = true;
    EXPECT_EQ(j["pid"].num, runs.back().pid);
    EXPECT_EQ(j["tid"].num, runs.back().pid);
    EXPECT_EQ(j["uid"].num, 0);
    EXPECT_EQ(j["name"].str, "CAP_SETUID");
    EXPECT_EQ(j["verdict"].str, "allow");
    EXPECT_EQ(j["ret"].num, 0);
    EXPECT_TRUE(j["audit"].kind == JsonValue::Null || j["audit"].b);
    EXPECT_EQ(j["ustack"].kind, JsonValue::Array);
    EXPECT_FALSE(j["ustack"].items.empty());
    EXPECT_FALSE(j.has("kstack"));
  }
  EXPECT_TRUE(found) << t->describe();
}

TEST(capable, PerfBufferForced) {
  CAPABLE_REQUIRE_HOOK();
  ToolProcess t("capable", {"--buffer", "perf", "--libbpf-log"});
  ASSERT_TRUE(t.wait_for_out(kHeader)) << t.describe();
  EXPECT_NE(t.err().find("perf buffer"), std::string::npos) << t.describe();
  Caller r = run_setuid();
  EXPECT_EQ(setuid_lines(t, r, false).size(), 1u) << t.describe();
  expect_clean_stop(t);
}

// Every --attach kind this kernel offers reports the check; a kind it does
// not offer must say so and exit 1.
TEST(capable, EachAttachFlavour) {
  CAPABLE_REQUIRE_HOOK();
  bool tracepoint = access("/sys/kernel/tracing/events/capability/cap_capable", F_OK) == 0;
  bool kprobes = access("/sys/bus/event_source/devices/kprobe/type", F_OK) == 0;
  for (std::string mode : {"fentry", "raw", "tracepoint"}) {
    SCOPED_TRACE(mode);
    ToolProcess t("capable", {"--attach", mode});
    bool started = t.wait_until([](const std::string& o, const std::string& e) {
      return o.find("VERDICT") != std::string::npos || !e.empty();
    });
    if (!started || t.out().find(kHeader) == std::string::npos) {
      Exit e = t.wait();
      EXPECT_EQ(e.code, 1) << t.describe();
      EXPECT_NE(t.err().find("cap_capable"), std::string::npos) << t.describe();
      // Only acceptable where the kernel lacks what the kind needs.
      if (mode == "tracepoint") {
        EXPECT_FALSE(tracepoint) << t.describe();
      }
      if (mode == "raw") {
        EXPECT_FALSE(tracepoint && kprobes) << t.describe();
      }
      continue;
    }
    Caller r = run_setuid();
    EXPECT_EQ(setuid_lines(t, r, false).size(), 1u) << t.describe();
    expect_clean_stop(t);
  }
}

// Where the kernel has no way to hook cap_capable() (no tracepoint, no
// kprobes, no trampolines), the tool says what is missing and exits 1.
TEST(capable, NoHookIsAClearError) {
  CS_REQUIRE_BPF();
  if (kernel_can_trace_capabilities()) GTEST_SKIP() << "this kernel can trace cap_capable()";
  RunResult r = run_tool("capable", {});
  EXPECT_EQ(r.exit.code, 1) << r.err;
  EXPECT_EQ(r.err.rfind("capable: cannot attach ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find("cap_capable"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line expected: " << r.err;
}

TEST(capable, UsageErrorsExit2) {
  expect_usage_errors("capable", {{"-u", "thread"}, {"-p", "-1"},
                                  {"--perf-max-stack-depth", "0"}, {"--perf-max-stack-depth", "128"},
                                  {"-c", "/no/such/cgroup"}});
}

}  // namespace
