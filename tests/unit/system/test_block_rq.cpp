// Block request facts: the tracepoints' request argument from BTF, and flag
// names as libbpf-tools' biolatency -F prints them, from cmd_flags (built-in
// layout or a kernel's BTF) and from rwbs strings.
#include <gtest/gtest.h>
#include <bpf/btf.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "common/system/block_rq.h"
#include "common/system/kernel_btf.h"

namespace {

constexpr uint32_t bit(int n) { return 1u << n; }

// Loads BTF built in memory through a temp file, as a kernel's would be.
std::unique_ptr<cs::KernelBtf> load(btf* b) {
  char tmpl[] = "/tmp/cs-btf-XXXXXX";
  int fd = mkstemp(tmpl);
  uint32_t size = 0;
  const void* data = btf__raw_data(b, &size);
  bool ok = fd >= 0 && data && write(fd, data, size) == static_cast<ssize_t>(size);
  if (fd >= 0) close(fd);
  btf__free(b);
  auto k = std::make_unique<cs::KernelBtf>(ok ? tmpl : "/nonexistent");
  unlink(tmpl);
  return k;
}

// typedef void (*btf_trace_block_rq_issue)(void *, [struct request_queue *,] struct request *)
btf* rq_issue_btf(bool with_queue) {
  btf* b = btf__new_empty();
  int rq = btf__add_ptr(b, btf__add_struct(b, "request", 0));
  int q = btf__add_ptr(b, btf__add_struct(b, "request_queue", 0));
  int void_ptr = btf__add_ptr(b, 0);
  int proto = btf__add_func_proto(b, 0);  // its parameters must follow at once
  btf__add_func_param(b, "", void_ptr);
  if (with_queue) btf__add_func_param(b, "", q);
  btf__add_func_param(b, "", rq);
  btf__add_typedef(b, "btf_trace_block_rq_issue", btf__add_ptr(b, proto));
  return b;
}

TEST(block_rq, RequestArgumentFromTracepointPrototype) {
  auto now = load(rq_issue_btf(false));
  ASSERT_TRUE(now->loaded());
  EXPECT_EQ(now->func_ptr_params("btf_trace_block_rq_issue"), 2);
  EXPECT_EQ(cs::block_rq_request_arg(*now), 0u);
  auto old = load(rq_issue_btf(true));
  ASSERT_TRUE(old->loaded());
  EXPECT_EQ(old->func_ptr_params("btf_trace_block_rq_issue"), 3);
  EXPECT_EQ(cs::block_rq_request_arg(*old), 1u);
  cs::KernelBtf none("/nonexistent");
  EXPECT_EQ(cs::block_rq_request_arg(none), 0u);
  if (access("/sys/kernel/btf/vmlinux", R_OK) == 0) {
    cs::KernelBtf running;
    EXPECT_TRUE(running.func_ptr_params("btf_trace_block_rq_issue").has_value());
  }
}

TEST(block_rq, BuiltInLayout) {
  cs::ReqFlagNames n;
  EXPECT_EQ(n.name(0), "Read");
  EXPECT_EQ(n.name(1), "Write");
  EXPECT_EQ(n.name(1 | bit(11) | bit(15)), "Idle-Sync-Write");  // an O_DIRECT write
  EXPECT_EQ(n.name(0 | bit(19)), "ReadAhead-Read");
  EXPECT_EQ(n.name(0 | bit(12) | bit(13)), "Priority-Metadata-Read");
  EXPECT_EQ(n.name(3 | bit(11)), "Sync-Discard");
  EXPECT_EQ(n.name(2 | bit(18)), "PreFlush-Flush");
  EXPECT_EQ(n.name(9), "WriteZeroes");
  EXPECT_EQ(n.name(35), "DrvOut");
  EXPECT_EQ(n.name(17), "Unknown");           // zone ops moved between kernels
  EXPECT_EQ(n.name(1 | bit(8) | bit(9)), "Write");  // failfast: not named
  uint32_t all = 0;
  for (int b = 11; b <= 21; b++) all |= bit(b);
  EXPECT_EQ(n.name(1 | all),
            "NoWait-Background-ReadAhead-PreFlush-FUA-Integrity-Idle-NoMerge-Priority-Metadata-"
            "Sync-Write");
}

// A kernel whose flags sit one bit higher and whose zone ops are numbered as
// in 6.x: names follow the BTF, not the built-in table.
TEST(block_rq, LayoutFromBtf) {
  btf* b = btf__new_empty();
  btf__add_enum(b, "req_op", 4);
  btf__add_enum_value(b, "REQ_OP_READ", 0);
  btf__add_enum_value(b, "REQ_OP_WRITE", 1);
  btf__add_enum_value(b, "REQ_OP_ZONE_APPEND", 7);
  btf__add_enum_value(b, "REQ_OP_ZONE_RESET", 17);
  btf__add_enum(b, "req_flag_bits", 4);
  btf__add_enum_value(b, "__REQ_FAILFAST_DEV", 9);
  btf__add_enum_value(b, "__REQ_SYNC", 12);
  btf__add_enum_value(b, "__REQ_IDLE", 16);
  auto kp = load(b);
  const cs::KernelBtf& k = *kp;
  ASSERT_TRUE(k.loaded());

  cs::ReqFlagNames n(k);
  EXPECT_EQ(n.name(17), "ZoneReset");
  EXPECT_EQ(n.name(7), "ZoneAppend");
  EXPECT_EQ(n.name(9), "Unknown");  // this kernel has no WRITE_ZEROES
  EXPECT_EQ(n.name(1 | bit(12) | bit(16)), "Idle-Sync-Write");
  EXPECT_EQ(n.name(1 | bit(11)), "Write");  // bit 11 is nothing named here
  EXPECT_EQ(n.name(1 | bit(8)), "Unknown");  // 9 op bits: 0x101 is no op
}

TEST(block_rq, RunningKernelNamesTheBasics) {
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) GTEST_SKIP() << "no kernel BTF";
  cs::KernelBtf k;
  cs::ReqFlagNames n(k);
  auto write = k.enumerator("REQ_OP_WRITE");
  auto sync = k.enumerator("__REQ_SYNC");
  ASSERT_TRUE(write && sync);
  EXPECT_EQ(n.name(static_cast<uint32_t>(*write) | bit(static_cast<int>(*sync))), "Sync-Write");
}

TEST(block_rq, FromRwbs) {
  using N = cs::ReqFlagNames;
  EXPECT_EQ(N::name_from_rwbs("R"), "Read");
  EXPECT_EQ(N::name_from_rwbs("W"), "Write");
  EXPECT_EQ(N::name_from_rwbs("WS"), "Sync-Write");
  EXPECT_EQ(N::name_from_rwbs("RA"), "ReadAhead-Read");
  EXPECT_EQ(N::name_from_rwbs("RM"), "Metadata-Read");
  EXPECT_EQ(N::name_from_rwbs("WSM"), "Metadata-Sync-Write");
  EXPECT_EQ(N::name_from_rwbs("FWFS"), "PreFlush-FUA-Sync-Write");
  EXPECT_EQ(N::name_from_rwbs("WFS"), "FUA-Sync-Write");
  EXPECT_EQ(N::name_from_rwbs("F"), "Flush");
  EXPECT_EQ(N::name_from_rwbs("FF"), "PreFlush-Flush");
  EXPECT_EQ(N::name_from_rwbs("FS"), "Sync-Flush");
  EXPECT_EQ(N::name_from_rwbs("D"), "Discard");
  EXPECT_EQ(N::name_from_rwbs("DS"), "Sync-Discard");
  EXPECT_EQ(N::name_from_rwbs("DE"), "SecureErase");
  EXPECT_EQ(N::name_from_rwbs("N"), "Unknown");
  EXPECT_EQ(N::name_from_rwbs("WSU"), "Sync-Write");  // atomic writes (6.11+): not named
  EXPECT_EQ(N::name_from_rwbs(""), "Unknown");
}

}  // namespace

// The letters the block tracepoints (and libbpf-tools' biosnoop) write.
TEST(block_rq, RwbsFromCmdFlags) {
  cs::ReqFlagNames n;
  EXPECT_EQ(n.rwbs(0), "R");
  EXPECT_EQ(n.rwbs(1 | bit(11) | bit(15)), "WS");  // an O_DIRECT write: Idle has no letter
  EXPECT_EQ(n.rwbs(0 | bit(19)), "RA");
  EXPECT_EQ(n.rwbs(1 | bit(18) | bit(17) | bit(11)), "FWFS");
  EXPECT_EQ(n.rwbs(2 | bit(18)), "FF");
  EXPECT_EQ(n.rwbs(3 | bit(11)), "DS");
  EXPECT_EQ(n.rwbs(5), "DE");
  EXPECT_EQ(n.rwbs(0 | bit(12)), "RM");
  EXPECT_EQ(n.rwbs(9), "N");  // WriteZeroes has no letter of its own
}
