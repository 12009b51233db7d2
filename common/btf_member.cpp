#include "common/btf_member.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <memory>

#include "common/kernel_btf.h"

namespace cs {

namespace {

bool has_member(const btf* b, const btf_type* t, const std::string& member, int depth) {
  const btf_member* m = btf_members(t);
  for (int i = 0; i < btf_vlen(t); i++, m++) {
    const char* name = btf__name_by_offset(b, m->name_off);
    if (name && member == name) return true;
    if (name && *name) continue;
    // Anonymous struct or union: its members are the outer struct's.
    const btf_type* inner = btf__type_by_id(b, btf__resolve_type(b, m->type));
    if (inner && depth < 8 && (btf_is_struct(inner) || btf_is_union(inner)) &&
        has_member(b, inner, member, depth + 1))
      return true;
  }
  return false;
}

}  // namespace

std::optional<bool> struct_has_member(const std::string& btf_path, const std::string& type,
                                      const std::string& member) {
  btf* raw = btf_path.empty() ? cs::load_vmlinux_btf() : btf__parse(btf_path.c_str(), nullptr);
  if (libbpf_get_error(raw)) return std::nullopt;
  std::unique_ptr<btf, void (*)(btf*)> b(raw, btf__free);
  int id = btf__find_by_name_kind(b.get(), type.c_str(), BTF_KIND_STRUCT);
  if (id <= 0) id = btf__find_by_name_kind(b.get(), type.c_str(), BTF_KIND_UNION);
  if (id <= 0) return std::nullopt;
  return has_member(b.get(), btf__type_by_id(b.get(), id), member, 0);
}

}  // namespace cs
