// struct_has_member on BTF files built here with libbpf's BTF writer: direct
// members, members of anonymous structs and unions, missing members, types
// and files.
#include <gtest/gtest.h>
#include <bpf/btf.h>
#include <unistd.h>

#include <string>

#include "common/btf_member.h"

namespace {

// The raw BTF in a temp file that lives as long as the object.
class BtfFile {
 public:
  explicit BtfFile(btf* b) {
    char tmpl[] = "/tmp/cs-btf-member-XXXXXX";
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

// struct rq { unsigned int nr_running; };
// struct cfs_rq { unsigned int nr_queued; struct { int a; union { int deep; }; }; struct rq *rq; };
// struct cfs_rq_plain { unsigned int nr_running; };   // no group scheduling
btf* sample_btf() {
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

TEST(btf_member, FindsDirectAndAnonymousMembers) {
  BtfFile f(sample_btf());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "rq"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "nr_queued"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "a"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "deep"), true);
  EXPECT_EQ(cs::struct_has_member(f.path(), "rq", "nr_running"), true);
}

TEST(btf_member, MissingMemberIsFalse) {
  BtfFile f(sample_btf());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "nr_running"), false);
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq_plain", "rq"), false);
  // A member's name, not a type's name, is what counts.
  EXPECT_EQ(cs::struct_has_member(f.path(), "cfs_rq", "unsigned int"), false);
}

TEST(btf_member, MissingTypeOrFileIsUnknown) {
  BtfFile f(sample_btf());
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(cs::struct_has_member(f.path(), "no_such_struct", "rq"), std::nullopt);
  EXPECT_EQ(cs::struct_has_member("/nonexistent/btf", "cfs_rq", "rq"), std::nullopt);
}

}  // namespace
