// Kernel symbols: parsing a kallsyms fixture file, lookups by address with
// modules, aliases and malformed lines, and the kptr_restrict case.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "common/symbols/ksyms.h"

namespace {

const std::string kFixture = std::string(CS_TEST_DATA_DIR) + "/kallsyms.txt";

TEST(ksyms, ParsesFixtureKeepingOneSymbolPerAddress) {
  cs::KernelSymbols ks(kFixture);
  // 14 well-formed lines; 2 absolute symbols dropped; _stext/_text/startup_64
  // share one address.
  EXPECT_EQ(ks.size(), 10u);
  EXPECT_TRUE(ks.error().empty()) << ks.error();
  EXPECT_FALSE(ks.addresses_hidden());
  EXPECT_EQ(ks.find("bad_address"), nullptr);
  EXPECT_EQ(ks.find("fixed_percpu_data"), nullptr);
}

TEST(ksyms, LooksUpTheFunctionHoldingAnAddress) {
  cs::KernelSymbols ks(kFixture);
  EXPECT_EQ(ks.name_of(0xffffffff81001010), "do_syscall_64");
  EXPECT_EQ(ks.name_of(0xffffffff81001060), "do_syscall_64");
  EXPECT_EQ(ks.describe(0xffffffff81001060), "do_syscall_64+0x50");
  EXPECT_EQ(ks.name_of(0xffffffff81001008), "__pfx_do_syscall_64");
  EXPECT_EQ(ks.name_of(0xffffffff810011ff), "do_syscall_64");
  EXPECT_EQ(ks.name_of(0xffffffff81001200), "syscall_exit_work");
  EXPECT_EQ(ks.name_of(0xffffffff81001401), "arch_weak_hook");
  EXPECT_EQ(ks.name_of(0xffffffff81003004), "entry_SYSCALL_64");
  const cs::KernelSymbol* s = ks.lookup(0xffffffff81003004);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->addr, 0xffffffff81003000u);
  EXPECT_EQ(s->type, 'T');
  EXPECT_TRUE(s->module.empty());
}

TEST(ksyms, AliasesAtOneAddressPickGlobalFunctionsDeterministically) {
  cs::KernelSymbols ks(kFixture);
  // _stext and _text (global) beat startup_64 (local); by name between them.
  EXPECT_EQ(ks.name_of(0xffffffff81000000), "_stext");
  EXPECT_EQ(ks.name_of(0xffffffff81000abc), "_stext");
}

TEST(ksyms, ModuleSymbolsCarryTheirModule) {
  cs::KernelSymbols ks(kFixture);
  const cs::KernelSymbol* s = ks.lookup(0xffffffffc0a00110);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "ext4_file_write_iter");
  EXPECT_EQ(s->module, "ext4");
  EXPECT_EQ(ks.describe(0xffffffffc0a00110, true), "ext4_file_write_iter+0x10 [ext4]");
  EXPECT_EQ(ks.describe(0xffffffffc0a00110), "ext4_file_write_iter+0x10");
  EXPECT_EQ(ks.name_of(0xffffffffc0a00010), "ext4_file_read_iter");
  const cs::KernelSymbol* b = ks.lookup(0xffffffffc0b00040);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->name, "bpf_prog_6deef7357e7b4530_sd_fw_ingress");
  EXPECT_EQ(b->module, "bpf");
}

TEST(ksyms, AddressesOutsideEverySymbolAreUnknown) {
  cs::KernelSymbols ks(kFixture);
  EXPECT_EQ(ks.lookup(0xffffffff80000000), nullptr);
  EXPECT_EQ(ks.name_of(0xffffffff80000000), "[unknown]");
  EXPECT_EQ(ks.describe(0x1000), "[unknown]");  // absolute symbols are not code
  // Far past the last symbol: no function is megabytes long.
  EXPECT_EQ(ks.name_of(0xffffffffc0b00000 + (4u << 20)), "[unknown]");
}

TEST(ksyms, AllZeroAddressesMeanHidden) {
  cs::KernelSymbols ks("/nonexistent/for/this/test");
  EXPECT_EQ(ks.parse("0000000000000000 T _text\n0000000000000000 t helper\t[mod]\n"), 0u);
  EXPECT_TRUE(ks.addresses_hidden());
  EXPECT_EQ(ks.lookup(0xffffffff81000000), nullptr);
}

TEST(ksyms, UnreadableFileGivesAnErrorAndNoSymbols) {
  cs::KernelSymbols ks("/nonexistent/kallsyms");
  EXPECT_EQ(ks.lookup(0xffffffff81000000), nullptr);
  EXPECT_EQ(ks.size(), 0u);
  EXPECT_NE(ks.error().find("/nonexistent/kallsyms"), std::string::npos) << ks.error();
}

TEST(ksyms, ParseTextDirectly) {
  cs::KernelSymbols ks;
  EXPECT_EQ(ks.parse("ffffffff81000000 T a\nffffffff81000100 t b\n"), 2u);
  EXPECT_EQ(ks.name_of(0xffffffff810000ff), "a");
  EXPECT_EQ(ks.name_of(0xffffffff81000100), "b");
}

// The running kernel's own table, when this user may see addresses.
TEST(ksyms, RealKallsymsRoundTrips) {
  cs::KernelSymbols ks;
  if (ks.size() == 0 || ks.addresses_hidden()) GTEST_SKIP() << "kallsyms addresses not visible";
  const cs::KernelSymbol* s = ks.find("schedule");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(ks.name_of(s->addr + 1), "schedule");
}

}  // namespace
