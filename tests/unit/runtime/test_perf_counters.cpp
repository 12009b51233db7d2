// common/perf_counters: the attributes of a sampled counter, which
// perf_event_open errors mean "no such event here", and the errors that
// need no BPF (no CPU, an event type no kernel has).
#include <gtest/gtest.h>

#include <cerrno>

#include "common/base/error.h"
#include "common/runtime/perf_counters.h"

namespace {

const cs::PerfCounter kMisses{PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES,
                              "PERF_COUNT_HW_CACHE_MISSES"};

TEST(perf_counters, SampledCounterAttributes) {
  perf_event_attr a = cs::perf_counter_attr(kMisses, 100);
  EXPECT_EQ(a.size, sizeof a);
  EXPECT_EQ(a.type, static_cast<uint32_t>(PERF_TYPE_HARDWARE));
  EXPECT_EQ(a.config, static_cast<uint64_t>(PERF_COUNT_HW_CACHE_MISSES));
  EXPECT_EQ(a.sample_period, 100u);
  EXPECT_EQ(a.freq, 0u);
  EXPECT_EQ(a.disabled, 0u);  // counts from the start
}

TEST(perf_counters, UnsupportedErrors) {
  for (int e : {ENOENT, EOPNOTSUPP, ENODEV}) EXPECT_TRUE(cs::perf_event_unsupported(e)) << e;
  for (int e : {0, EACCES, EPERM, EINVAL, EBUSY, EMFILE}) EXPECT_FALSE(cs::perf_event_unsupported(e)) << e;
}

TEST(perf_counters, EventTypeNoKernelHasFails) {
  cs::PerfCounter bogus{0x7ffffff0u, 0, "bogus"};
  int err = cs::probe_perf_counter(bogus, {0});
  // Unprivileged callers may be stopped before the type is looked at.
  EXPECT_TRUE(err == ENOENT || err == EACCES || err == EPERM || err == EINVAL) << err;
  EXPECT_LT(cs::open_perf_counter(bogus, 1, 0), 0);
}

TEST(perf_counters, NoCpuIsAnError) {
  try {
    cs::attach_perf_counter(nullptr, {}, kMisses, 100);
    ADD_FAILURE() << "no error";
  } catch (const cs::Fatal& e) {
    EXPECT_EQ(e.code, cs::kExitFail);
    EXPECT_NE(std::string(e.what()).find("PERF_COUNT_HW_CACHE_MISSES"), std::string::npos);
  }
}

}  // namespace
