// KernelBtf on BTF files built here with libbpf's BTF writer: the two shapes
// of a tracepoint prototype (with and without the request_queue argument),
// enumerators of enum and enum64, struct members (direct, and inside
// anonymous structs and unions), and missing names or files.
#include <gtest/gtest.h>
#include <bpf/btf.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "common/system/kernel_btf.h"

namespace {

// Writes the raw BTF to a temp file that lives as long as the object.
class BtfFile {
 public:
  explicit BtfFile(btf* b) {
    char tmpl[] = "/tmp/cs-btf-XXXXXX";
    int fd = mkstemp(tmpl);
    path_ = tmpl;
    uint32_t size = 0;
    const void* data = btf__raw_data(b, &size);
    ok_ = fd >= 0 && data && write(fd, data, size) == static_cast<ssize_t>(size);
    if (fd >= 0) close(fd);
    btf__free(b);
  }
  ~BtfFile() { unlink(path_.c_str()); }
  const std::string& path() const { return path_; }
  bool ok() const { return ok_; }

 private:
  std::string path_;
  bool ok_ = false;
};

// typedef void (*name)(void *, <each of args>...);
void add_tracepoint_typedef(btf* b, const char* name, std::initializer_list<int> args) {
  int void_ptr = btf__add_ptr(b, 0);
  int proto = btf__add_func_proto(b, 0);
  btf__add_func_param(b, "", void_ptr);
  for (int a : args) btf__add_func_param(b, "", a);
  btf__add_typedef(b, name, btf__add_ptr(b, proto));
}

btf* sample_btf() {
  btf* b = btf__new_empty();
  int i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
  int rq = btf__add_struct(b, "request", 0);
  int q = btf__add_struct(b, "request_queue", 0);
  int rq_ptr = btf__add_ptr(b, rq);
  int q_ptr = btf__add_ptr(b, q);
  add_tracepoint_typedef(b, "btf_trace_block_rq_issue", {rq_ptr});
  add_tracepoint_typedef(b, "btf_trace_old_block_rq_issue", {q_ptr, rq_ptr});
  add_tracepoint_typedef(b, "btf_trace_block_rq_complete", {rq_ptr, i32, i32});
  btf__add_typedef(b, "not_a_function_ptr", i32);
  btf__add_typedef(b, "ptr_to_int", btf__add_ptr(b, i32));
  btf__add_enum(b, "req_flag_bits", 4);
  btf__add_enum_value(b, "__REQ_FAILFAST_DEV", 8);
  btf__add_enum_value(b, "__REQ_SYNC", 11);
  btf__add_enum(b, "signed_enum", 4);
  btf__add_enum_value(b, "MINUS_ONE", -1);
  btf__add_enum64(b, "wide", 8, false);
  btf__add_enum64_value(b, "BIG_VALUE", 1ULL << 40);
  return b;
}

TEST(kernel_btf, CountsTracepointPrototypeParameters) {
  BtfFile f(sample_btf());
  ASSERT_TRUE(f.ok());
  cs::KernelBtf k(f.path());
  ASSERT_TRUE(k.loaded());
  EXPECT_EQ(k.func_ptr_params("btf_trace_block_rq_issue"), 2);      // (void *, rq)
  EXPECT_EQ(k.func_ptr_params("btf_trace_old_block_rq_issue"), 3);  // (void *, q, rq)
  EXPECT_EQ(k.func_ptr_params("btf_trace_block_rq_complete"), 4);
  EXPECT_EQ(k.func_ptr_params("not_a_function_ptr"), std::nullopt);
  EXPECT_EQ(k.func_ptr_params("ptr_to_int"), std::nullopt);
  EXPECT_EQ(k.func_ptr_params("btf_trace_nosuch"), std::nullopt);
}

TEST(kernel_btf, FindsEnumerators) {
  BtfFile f(sample_btf());
  cs::KernelBtf k(f.path());
  EXPECT_EQ(k.enumerator("__REQ_SYNC"), 11);
  EXPECT_EQ(k.enumerator("__REQ_FAILFAST_DEV"), 8);
  EXPECT_EQ(k.enumerator("MINUS_ONE"), -1);
  EXPECT_EQ(k.enumerator("BIG_VALUE"), int64_t{1} << 40);
  EXPECT_EQ(k.enumerator("__REQ_NOSUCH"), std::nullopt);
}

TEST(kernel_btf, FindsStructs) {
  BtfFile f(sample_btf());
  cs::KernelBtf k(f.path());
  EXPECT_TRUE(k.has_struct("request"));
  EXPECT_FALSE(k.has_struct("gendisk"));
  EXPECT_FALSE(k.has_struct("int"));
}

TEST(kernel_btf, MissingOrBadFileAnswersNothing) {
  cs::KernelBtf missing("/nonexistent/btf");
  EXPECT_FALSE(missing.loaded());
  EXPECT_EQ(missing.func_ptr_params("btf_trace_block_rq_issue"), std::nullopt);
  EXPECT_EQ(missing.enumerator("__REQ_SYNC"), std::nullopt);
  EXPECT_FALSE(missing.has_struct("request"));

  char tmpl[] = "/tmp/cs-btf-XXXXXX";
  int fd = mkstemp(tmpl);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "not btf", 7), 7);
  close(fd);
  cs::KernelBtf garbage(tmpl);
  unlink(tmpl);
  EXPECT_FALSE(garbage.loaded());
}

// The running kernel's BTF, where readable (it is world-readable on most
// systems): the block tracepoints take the request last.
TEST(kernel_btf, RunningKernel) {
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) GTEST_SKIP() << "no kernel BTF";
  cs::KernelBtf k;
  ASSERT_TRUE(k.loaded());
  EXPECT_EQ(k.enumerator("BPF_MAP_TYPE_HASH"), 1);
  EXPECT_TRUE(k.has_struct("task_struct"));
  auto n = k.func_ptr_params("btf_trace_sched_switch");
  ASSERT_TRUE(n.has_value());
  EXPECT_GE(*n, 4);  // (void *, bool preempt, prev, next[, prev_state])
}

// struct rq { unsigned int nr_running; };
// struct cfs_rq { unsigned int nr_queued; struct { int a; union { int deep; }; }; struct rq *rq; };
// struct cfs_rq_plain { unsigned int nr_running; };   // no group scheduling
btf* member_btf() {
  btf* b = btf__new_empty();
  int u32 = btf__add_int(b, "unsigned int", 4, 0);
  int i32 = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
  int rq = btf__add_struct(b, "rq", 4);
  btf__add_field(b, "nr_running", u32, 0, 0);
  int uni = btf__add_union(b, "", 4);
  btf__add_field(b, "deep", i32, 0, 0);
  int anon = btf__add_struct(b, "", 8);
  btf__add_field(b, "a", i32, 0, 0);
  btf__add_field(b, "", uni, 32, 0);
  int rq_ptr = btf__add_ptr(b, rq);
  btf__add_struct(b, "cfs_rq", 24);
  btf__add_field(b, "nr_queued", u32, 0, 0);
  btf__add_field(b, "", anon, 32, 0);
  btf__add_field(b, "rq", rq_ptr, 128, 0);
  btf__add_struct(b, "cfs_rq_plain", 4);
  btf__add_field(b, "nr_running", u32, 0, 0);
  return b;
}

TEST(kernel_btf, MemberFindsDirectAndAnonymousMembers) {
  BtfFile f(member_btf());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "rq"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "nr_queued"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "a"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "deep"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "rq", "nr_running"), true);
}

TEST(kernel_btf, MemberMissingMemberIsFalse) {
  BtfFile f(member_btf());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "nr_running"), false);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq_plain", "rq"), false);
  // A member's name, not a type's name, is what counts.
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "unsigned int"), false);
}

TEST(kernel_btf, MemberMissingTypeOrFileIsUnknown) {
  BtfFile f(member_btf());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(cs::struct_has_member(f.path(), "no_such_struct", "rq"), std::nullopt);
  EXPECT_EQ(cs::struct_has_member("/nonexistent/btf", "cfs_rq", "rq"), std::nullopt);
}

// --btf FILE: a BTF file passes; any other file gets one line saying why,
// and libbpf's own complaint stays off stderr.
TEST(kernel_btf, BtfFileProblemNamesTheFile) {
  BtfFile f(sample_btf());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(cs::btf_file_problem(f.path()), "");
  testing::internal::CaptureStderr();
  EXPECT_EQ(cs::btf_file_problem("/etc/passwd"),
            "/etc/passwd is not a BTF file (raw BTF, or an ELF file with a .BTF section)");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(cs::btf_file_problem("/nonexistent/btf"), "/nonexistent/btf: No such file or directory");
}

}  // namespace
