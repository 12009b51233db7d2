// Probe specs in bcc's notation (common/runtime/probe_spec.h): what each
// form means, and the one line a bad one gets.
#include <gtest/gtest.h>
#include <unistd.h>

#include "common/base/error.h"
#include "common/runtime/probe_spec.h"

namespace {

using K = cs::ProbeSpec::Kind;

TEST(probe_spec, KernelProbes) {
  cs::ProbeSpec s = cs::parse_probe_spec("p::do_sys_openat2");
  EXPECT_EQ(s.kind, K::Kprobe);
  EXPECT_EQ(s.name, "do_sys_openat2");
  EXPECT_EQ(s.binary, "");
  EXPECT_EQ(cs::parse_probe_spec("r::vfs_read").kind, K::Kretprobe);
  // funccount's default type: a bare name is a kprobe.
  EXPECT_EQ(cs::parse_probe_spec("vfs_read").kind, K::Kprobe);
  EXPECT_STREQ(cs::probe_program_kind(K::Kretprobe), "kprobe");
}

TEST(probe_spec, Tracepoints) {
  cs::ProbeSpec s = cs::parse_probe_spec("t:sched:sched_switch");
  EXPECT_EQ(s.kind, K::Tracepoint);
  EXPECT_EQ(s.category, "sched");
  EXPECT_EQ(s.name, "sched_switch");
  EXPECT_STREQ(cs::probe_program_kind(s.kind), "raw_tp");
}

TEST(probe_spec, UserProbesByPathAndByLibraryName) {
  cs::ProbeSpec s = cs::parse_probe_spec("r:/bin/sh:main");
  EXPECT_EQ(s.kind, K::Uretprobe);
  EXPECT_EQ(s.binary, "/bin/sh");
  EXPECT_EQ(s.name, "main");
  cs::ProbeSpec c = cs::parse_probe_spec("p:c:malloc");
  EXPECT_EQ(c.kind, K::Uprobe);
  EXPECT_NE(c.binary.find("libc.so.6"), std::string::npos) << c.binary;
  EXPECT_EQ(access(c.binary.c_str(), R_OK), 0) << c.binary;
  EXPECT_EQ(cs::parse_probe_spec("c:malloc").binary, c.binary);  // default type p
}

TEST(probe_spec, UsdtProviderIsLookedUpOrGiven) {
  const char* python = "/usr/bin/python3";
  if (access(python, R_OK) != 0) GTEST_SKIP() << "no " << python;
  cs::ProbeSpec s = cs::parse_probe_spec("u:/usr/bin/python3:gc__start");
  EXPECT_EQ(s.kind, K::Usdt);
  EXPECT_EQ(s.provider, "python");
  EXPECT_EQ(s.name, "gc__start");
  EXPECT_EQ(cs::parse_probe_spec("u:/usr/bin/python3:python:gc__start").provider, "python");
}

std::string usage_error_of(const std::string& spec) {
  try {
    cs::parse_probe_spec(spec);
  } catch (const cs::Fatal& f) {
    EXPECT_EQ(f.code, cs::kExitUsage) << spec;
    return f.what();
  }
  return "(accepted)";
}

TEST(probe_spec, BadSpecsSayWhy) {
  const std::pair<const char*, const char*> cases[] = {
      {"x:a:b", "bad probe 'x:a:b': the type is one of p, r, t, u"},
      {"p:a:b:c", "bad probe 'p:a:b:c': too many ':' fields"},
      {"t:sched", "bad probe 't:sched': a tracepoint is t:CATEGORY:EVENT"},
      {"u::probe", "bad probe 'u::probe': a USDT probe is u:BINARY:[PROVIDER:]PROBE"},
      {"", "bad probe '': no name"},
      {"p::a b", "bad probe 'p::a b': 'a b' is not a name"},
      {"p:nosuchlibxyz:f", "no library libnosuchlibxyz.so found for 'nosuchlibxyz' (name it by its path)"},
  };
  for (const auto& [spec, message] : cases) EXPECT_EQ(usage_error_of(spec), message);
}

}  // namespace
