#include "common/system/core_btf.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace cs {

namespace {

// libbpf's essential name: "task_struct___old" matches "task_struct".
std::string_view essential(std::string_view name) {
  size_t sep = name.rfind("___");
  return sep == std::string_view::npos || sep == 0 ? name : name.substr(0, sep);
}

bool is_root_kind(int kind) {
  return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
         kind == BTF_KIND_ENUM64 || kind == BTF_KIND_TYPEDEF || kind == BTF_KIND_FWD;
}

// Calls f(id) for each type id the type refers to (the kinds a closure
// keeps): a reference to it when T is not const, so that f can rewrite it.
template <class T, class F>
void each_ref(T* t, F f) {
  switch (btf_kind(t)) {
    case BTF_KIND_STRUCT:
    case BTF_KIND_UNION: {
      btf_member* m = btf_members(t);
      for (unsigned i = 0; i < btf_vlen(t); i++) f(m[i].type);
      break;
    }
    case BTF_KIND_ARRAY:
      f(btf_array(t)->type);
      f(btf_array(t)->index_type);
      break;
    case BTF_KIND_FUNC_PROTO: {
      f(t->type);
      btf_param* p = btf_params(t);
      for (unsigned i = 0; i < btf_vlen(t); i++) f(p[i].type);
      break;
    }
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_CONST:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG:
      f(t->type);
      break;
    default:
      break;
  }
}

class Closure {
 public:
  explicit Closure(const btf* k) : k_(k), state_(btf__type_cnt(k), kUnseen) {}

  void visit(unsigned id) {
    // Iterative: struct nesting in the kernel is deep enough to matter.
    std::vector<unsigned> todo{id};
    while (!todo.empty()) {
      unsigned cur = todo.back();
      todo.pop_back();
      if (cur == 0 || cur >= state_.size() || state_[cur] != kUnseen) continue;
      const btf_type* t = btf__type_by_id(k_, cur);
      if (!t) continue;
      switch (btf_kind(t)) {
        case BTF_KIND_PTR:
          state_[cur] = kPointer;
          continue;
        case BTF_KIND_FUNC:
        case BTF_KIND_VAR:
        case BTF_KIND_DATASEC:
        case BTF_KIND_DECL_TAG:
          state_[cur] = kSkipped;  // never the type of a member
          continue;
        default:
          state_[cur] = kKept;
      }
      each_ref(t, [&](__u32 ref) { todo.push_back(ref); });
    }
  }

  // Writes the kept types into out, in kernel order, with their type ids
  // rewritten; every pointer is out's one void pointer.
  bool emit(btf* out) const {
    int void_ptr = btf__add_ptr(out, 0);
    if (void_ptr < 0) return false;
    std::vector<int> new_id(state_.size(), 0);
    int next = void_ptr + 1;
    for (unsigned id = 1; id < state_.size(); id++) {
      if (state_[id] == kKept) new_id[id] = next++;
      else if (state_[id] == kPointer) new_id[id] = void_ptr;
    }
    for (unsigned id = 1; id < state_.size(); id++) {
      if (state_[id] != kKept) continue;
      int added = btf__add_type(out, k_, btf__type_by_id(k_, id));
      if (added != new_id[id]) return false;
      // Ours now: the copy's ids still name kernel types until mapped
      // (libbpf hands out even the types just added as const).
      each_ref(const_cast<btf_type*>(btf__type_by_id(out, added)), [&](__u32& ref) {
        ref = ref < new_id.size() ? static_cast<__u32>(new_id[ref]) : 0;
      });
    }
    return true;
  }

 private:
  enum State : unsigned char { kUnseen, kKept, kPointer, kSkipped };
  const btf* k_;
  std::vector<State> state_;
};

}  // namespace

btf* minimal_core_btf(const btf* kernel, const btf* local) {
  if (!kernel || !local) return nullptr;
  std::unordered_set<std::string_view> names;
  for (unsigned id = 1; id < btf__type_cnt(local); id++) {
    const btf_type* t = btf__type_by_id(local, id);
    if (!t || !is_root_kind(btf_kind(t)) || !t->name_off) continue;
    names.insert(essential(btf__name_by_offset(local, t->name_off)));
  }
  Closure c(kernel);
  for (unsigned id = 1; id < btf__type_cnt(kernel); id++) {
    const btf_type* t = btf__type_by_id(kernel, id);
    if (!t || !is_root_kind(btf_kind(t)) || !t->name_off) continue;
    if (names.count(btf__name_by_offset(kernel, t->name_off))) c.visit(id);
  }
  btf* out = btf__new_empty();
  if (libbpf_get_error(out)) return nullptr;
  if (!c.emit(out)) {
    btf__free(out);
    return nullptr;
  }
  return out;
}

}  // namespace cs
