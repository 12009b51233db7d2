// StartupCache's keys and switches, without BPF: where its files go, when
// it is off, and that what it stores is read back by the next run.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <string>

#include "common/runtime/startup_cache.h"

namespace {

struct CacheDir {
  std::string path;
  CacheDir() {
    char tmpl[] = "/tmp/cs-cache-XXXXXX";
    path = mkdtemp(tmpl);
    setenv("CORESCOPE_CACHE", path.c_str(), 1);
  }
  ~CacheDir() {
    unsetenv("CORESCOPE_CACHE");
    std::string cmd = "rm -rf '" + path + "'";
    (void)!system(cmd.c_str());
  }
};

TEST(startup_cache, BuildIdIsHex) {
  std::string id = cs::kernel_build_id();
  if (id.empty()) GTEST_SKIP() << "this kernel has no build id in /sys/kernel/notes";
  EXPECT_EQ(id.size() % 2, 0u);
  for (char ch : id) EXPECT_TRUE(std::isxdigit(static_cast<unsigned char>(ch))) << id;
}

TEST(startup_cache, TierIsKeptPerObjectAndAttachMode) {
  if (cs::kernel_build_id().empty()) GTEST_SKIP() << "no kernel build id";
  CacheDir dir;
  cs::Common c;
  const char obj[] = "object bytes";
  {
    cs::StartupCache cache(c, obj, sizeof obj);
    ASSERT_TRUE(cache.enabled());
    EXPECT_FALSE(cache.tier());
    EXPECT_EQ(cache.core_btf(), nullptr);
    cache.store_tier(cs::Tier::Raw);
  }
  cs::StartupCache again(c, obj, sizeof obj);
  EXPECT_EQ(again.tier(), cs::Tier::Raw);
  // Another object, another --attach: nothing known.
  const char other[] = "other bytes";
  EXPECT_FALSE(cs::StartupCache(c, other, sizeof other).tier());
  c.attach = cs::AttachMode::Tracepoint;
  EXPECT_FALSE(cs::StartupCache(c, obj, sizeof obj).tier());
}

// A run that leaves hooks out may settle on a flavour the full set could not
// use: its choice is not another plan's.
TEST(startup_cache, TierIsKeptPerHookPlan) {
  if (cs::kernel_build_id().empty()) GTEST_SKIP() << "no kernel build id";
  CacheDir dir;
  cs::Common c;
  const char obj[] = "object bytes";
  cs::HookPlan without_exit = cs::HookPlan().without("irq_handler_exit");
  cs::StartupCache(c, obj, sizeof obj, without_exit).store_tier(cs::Tier::Btf);
  EXPECT_EQ(cs::StartupCache(c, obj, sizeof obj, without_exit).tier(), cs::Tier::Btf);
  EXPECT_FALSE(cs::StartupCache(c, obj, sizeof obj).tier());
  EXPECT_FALSE(cs::StartupCache(c, obj, sizeof obj, cs::HookPlan().may_lack("irq_handler_exit")).tier());
}

TEST(startup_cache, TracepointChoiceIsNotKept) {
  if (cs::kernel_build_id().empty()) GTEST_SKIP() << "no kernel build id";
  CacheDir dir;
  cs::Common c;
  const char obj[] = "x";
  cs::StartupCache(c, obj, sizeof obj).store_tier(cs::Tier::Tracepoint);  // tracefs may go
  EXPECT_FALSE(cs::StartupCache(c, obj, sizeof obj).tier());
}

TEST(startup_cache, OffWithBtfOrWhenAsked) {
  CacheDir dir;
  cs::Common c;
  const char obj[] = "x";
  c.btf_path = "/some/file.btf";
  EXPECT_FALSE(cs::StartupCache(c, obj, sizeof obj).enabled());
  c.btf_path.clear();
  setenv("CORESCOPE_CACHE", "off", 1);
  EXPECT_FALSE(cs::StartupCache(c, obj, sizeof obj).enabled());
}

}  // namespace
