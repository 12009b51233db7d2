// minimal_core_btf() on a small "kernel" BTF built here: the types a local
// BTF names (flavour suffixes stripped) come over with what they embed and
// the exact member offsets; pointers become void pointers; types the local
// BTF does not name stay behind.
#include <gtest/gtest.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <memory>
#include <string>

#include "common/system/core_btf.h"

namespace {

using BtfPtr = std::unique_ptr<btf, void (*)(btf*)>;

BtfPtr own(btf* b) { return BtfPtr(b, btf__free); }

// int; struct inner { int a; int b; }; struct outer { int x; struct inner in;
// struct outer *next; int arr[4]; }; struct unrelated { int z; };
// typedef struct outer outer_t; enum mode { M0, M1 }; a lone int typedef.
BtfPtr kernel_btf() {
  btf* k = btf__new_empty();
  int i = btf__add_int(k, "int", 4, BTF_INT_SIGNED);
  int inner = btf__add_struct(k, "inner", 8);
  btf__add_field(k, "a", i, 0, 0);
  btf__add_field(k, "b", i, 32, 0);
  // Fields go to the type added last: the array and the pointer (to the
  // struct added next, by its id to come) first.
  int arr = btf__add_array(k, i, i, 4);
  int ptr = btf__add_ptr(k, arr + 2);
  int outer = btf__add_struct(k, "outer", 40);
  EXPECT_EQ(outer, arr + 2);
  btf__add_field(k, "x", i, 0, 0);
  btf__add_field(k, "in", inner, 32, 0);
  btf__add_field(k, "next", ptr, 128, 0);
  btf__add_field(k, "arr", arr, 192, 0);
  int unrelated = btf__add_struct(k, "unrelated", 4);
  btf__add_field(k, "z", i, 0, 0);
  btf__add_typedef(k, "outer_t", outer);
  btf__add_enum(k, "mode", 4);
  btf__add_enum_value(k, "M0", 0);
  btf__add_enum_value(k, "M1", 1);
  btf__add_typedef(k, "lone_t", i);
  EXPECT_GT(unrelated, 0);
  return own(k);
}

// What a BPF object's BTF would hold: a flavoured outer and the enum.
BtfPtr local_btf() {
  btf* l = btf__new_empty();
  int i = btf__add_int(l, "int", 4, BTF_INT_SIGNED);
  btf__add_struct(l, "outer___v2", 4);
  btf__add_field(l, "x", i, 0, 0);
  btf__add_enum(l, "mode", 4);
  btf__add_enum_value(l, "M1", 1);
  return own(l);
}

const btf_type* named(const btf* b, const char* name, int kind) {
  int id = btf__find_by_name_kind(b, name, kind);
  return id > 0 ? btf__type_by_id(b, id) : nullptr;
}

TEST(core_btf, KeepsNamedTypesWithWhatTheyEmbed) {
  BtfPtr k = kernel_btf(), l = local_btf();
  BtfPtr m = own(cs::minimal_core_btf(k.get(), l.get()));
  ASSERT_TRUE(m);
  const btf* b = m.get();
  const btf_type* outer = named(b, "outer", BTF_KIND_STRUCT);
  ASSERT_TRUE(outer);
  EXPECT_EQ(outer->size, 40u);
  ASSERT_EQ(btf_vlen(outer), 4u);
  const btf_member* mem = btf_members(outer);
  EXPECT_STREQ(btf__name_by_offset(b, mem[1].name_off), "in");
  EXPECT_EQ(btf_member_bit_offset(outer, 1), 32u);
  // The embedded struct came along, complete.
  const btf_type* in = btf__type_by_id(b, mem[1].type);
  ASSERT_TRUE(in && btf_is_struct(in));
  EXPECT_STREQ(btf__name_by_offset(b, in->name_off), "inner");
  EXPECT_EQ(btf_vlen(in), 2u);
  // The pointer points to void, not into the kernel's types.
  const btf_type* next = btf__type_by_id(b, mem[2].type);
  ASSERT_TRUE(next && btf_is_ptr(next));
  EXPECT_EQ(next->type, 0u);
  // The array keeps its element and index types and its length.
  const btf_type* arr = btf__type_by_id(b, mem[3].type);
  ASSERT_TRUE(arr && btf_is_array(arr));
  EXPECT_EQ(btf_array(arr)->nelems, 4u);
  const btf_type* elem = btf__type_by_id(b, btf_array(arr)->type);
  ASSERT_TRUE(elem && btf_is_int(elem));
  // Named by the local BTF: the enum; not named: the rest.
  EXPECT_TRUE(named(b, "mode", BTF_KIND_ENUM));
  EXPECT_FALSE(named(b, "unrelated", BTF_KIND_STRUCT));
  EXPECT_FALSE(named(b, "outer_t", BTF_KIND_TYPEDEF));
  EXPECT_FALSE(named(b, "lone_t", BTF_KIND_TYPEDEF));
}

TEST(core_btf, TheResultIsValidBtf) {
  BtfPtr k = kernel_btf(), l = local_btf();
  BtfPtr m = own(cs::minimal_core_btf(k.get(), l.get()));
  ASSERT_TRUE(m);
  uint32_t size = 0;
  const void* raw = btf__raw_data(m.get(), &size);
  ASSERT_TRUE(raw);
  BtfPtr again = own(btf__new(raw, size));
  ASSERT_EQ(libbpf_get_error(again.get()), 0);
  EXPECT_EQ(btf__type_cnt(again.get()), btf__type_cnt(m.get()));
}

TEST(core_btf, NothingWithoutInputs) {
  BtfPtr k = kernel_btf();
  EXPECT_EQ(cs::minimal_core_btf(k.get(), nullptr), nullptr);
  EXPECT_EQ(cs::minimal_core_btf(nullptr, k.get()), nullptr);
}

}  // namespace
