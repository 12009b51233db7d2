#include <gtest/gtest.h>
#include <signal.h>
#include <string.h>

#include <set>

#include "common/names/signals.h"

namespace {

TEST(signals, NamesOfStandardSignals) {
  EXPECT_EQ(cs::signal_name(1), "SIGHUP");
  EXPECT_EQ(cs::signal_name(9), "SIGKILL");
  EXPECT_EQ(cs::signal_name(11), "SIGSEGV");
  EXPECT_EQ(cs::signal_name(17), "SIGCHLD");
  EXPECT_EQ(cs::signal_name(29), "SIGIO");
  EXPECT_EQ(cs::signal_name(31), "SIGSYS");
}

TEST(signals, RealTimeNamesFollowKillL) {
  EXPECT_EQ(cs::signal_name(32), "SIG32");
  EXPECT_EQ(cs::signal_name(33), "SIG33");
  EXPECT_EQ(cs::signal_name(34), "SIGRTMIN");
  EXPECT_EQ(cs::signal_name(35), "SIGRTMIN+1");
  EXPECT_EQ(cs::signal_name(49), "SIGRTMIN+15");
  EXPECT_EQ(cs::signal_name(50), "SIGRTMAX-14");
  EXPECT_EQ(cs::signal_name(63), "SIGRTMAX-1");
  EXPECT_EQ(cs::signal_name(64), "SIGRTMAX");
}

TEST(signals, OutOfRangeNumbersPrintAsNumbers) {
  EXPECT_EQ(cs::signal_name(0), "0");
  EXPECT_EQ(cs::signal_name(65), "65");
  EXPECT_EQ(cs::signal_name(-3), "-3");
}

TEST(signals, EveryNameIsUniqueAndParsesBack) {
  std::set<std::string> seen;
  for (int sig = 1; sig <= cs::kMaxSignal; sig++) {
    std::string name = cs::signal_name(sig);
    EXPECT_TRUE(seen.insert(name).second) << name;
    EXPECT_EQ(cs::parse_signal(name), sig) << name;
    EXPECT_EQ(cs::parse_signal(name.substr(3)), sig) << name;
  }
}

// The table agrees with the C library's own lists, where it has them.
TEST(signals, MatchesTheCLibrary) {
  EXPECT_EQ(SIGRTMIN, 34);
  EXPECT_EQ(SIGRTMAX, cs::kMaxSignal);
  for (int sig = 0; sig <= cs::kMaxSignal + 1; sig++) {
    EXPECT_EQ(cs::signal_description(sig), strsignal(sig)) << sig;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
    const char* abbrev = sigabbrev_np(sig);
    if (!abbrev) continue;
    std::string ours = cs::signal_name(sig).substr(3);
    if (sig == SIGIO) EXPECT_EQ(std::string(abbrev), "POLL");  // glibc's name for 29
    else EXPECT_EQ(ours, abbrev) << sig;
#endif
  }
}

TEST(signals, ParsesWhatUsersType) {
  EXPECT_EQ(cs::parse_signal("9"), 9);
  EXPECT_EQ(cs::parse_signal("0"), 0);
  EXPECT_EQ(cs::parse_signal("64"), 64);
  EXPECT_EQ(cs::parse_signal("term"), 15);
  EXPECT_EQ(cs::parse_signal("SigUsr1"), 10);
  EXPECT_EQ(cs::parse_signal("IOT"), 6);
  EXPECT_EQ(cs::parse_signal("SIGPOLL"), 29);
  EXPECT_EQ(cs::parse_signal("cld"), 17);
  EXPECT_EQ(cs::parse_signal("RTMIN"), 34);
  EXPECT_EQ(cs::parse_signal("rtmin+3"), 37);
  EXPECT_EQ(cs::parse_signal("SIGRTMAX-2"), 62);
  EXPECT_EQ(cs::parse_signal("SIG32"), 32);
}

TEST(signals, RejectsGarbage) {
  for (const char* bad : {"", "65", "-1", "9x", "SIG", "KILLL", "RTMIN+31", "RTMAX-31",
                          "RTMIN-1", "RTMAX+1", "RTMIN+", "SIGRTMIN+x", " 9", "SIG0", "SIG65"})
    EXPECT_FALSE(cs::parse_signal(bad).has_value()) << '"' << bad << '"';
}

}  // namespace
