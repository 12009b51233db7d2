#include "common/system/kernel_btf.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <memory>

namespace cs {

btf* load_vmlinux_btf() {
  int fd = open("/sys/kernel/btf/vmlinux", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    struct stat st;
    void* p = MAP_FAILED;
    size_t size = 0;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      size = static_cast<size_t>(st.st_size);
      p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    }
    close(fd);
    if (p != MAP_FAILED) {
      btf* b = btf__new(p, static_cast<__u32>(size));  // copies the bytes
      munmap(p, size);
      if (libbpf_get_error(b) == 0) return b;
    }
  }
  btf* b = btf__load_vmlinux_btf();
  return libbpf_get_error(b) == 0 ? b : nullptr;
}

bool btf_has_type(const btf* b, const std::string& name) { return btf__find_by_name(b, name.c_str()) > 0; }

const btf* VmlinuxBtf::get() {
  if (!tried_) btf_ = {load_vmlinux_btf(), btf__free};
  tried_ = true;
  return btf_.get();
}

namespace {
int quiet_libbpf(enum libbpf_print_level, const char*, va_list) { return 0; }
}  // namespace

std::string btf_file_problem(const std::string& path) {
  if (access(path.c_str(), R_OK) != 0) return path + ": " + std::strerror(errno);
  libbpf_print_fn_t previous = libbpf_set_print(quiet_libbpf);
  btf* b = btf__parse(path.c_str(), nullptr);
  libbpf_set_print(previous);
  if (libbpf_get_error(b) == 0) {
    btf__free(b);
    return "";
  }
  return path + " is not a BTF file (raw BTF, or an ELF file with a .BTF section)";
}

KernelBtf::KernelBtf(const std::string& path) {
  btf* b = path.empty() ? load_vmlinux_btf() : btf__parse(path.c_str(), nullptr);
  if (libbpf_get_error(b) == 0) btf_ = b;
}

KernelBtf::~KernelBtf() { btf__free(btf_); }

std::optional<int> KernelBtf::func_ptr_params(const std::string& typedef_name) const {
  if (!btf_) return std::nullopt;
  int id = btf__find_by_name_kind(btf_, typedef_name.c_str(), BTF_KIND_TYPEDEF);
  if (id <= 0) return std::nullopt;
  // typedef -> (modifiers) -> pointer -> (modifiers) -> function prototype
  const btf_type* t = btf__type_by_id(btf_, btf__resolve_type(btf_, id));
  if (!t || !btf_is_ptr(t)) return std::nullopt;
  int target = btf__resolve_type(btf_, t->type);
  t = target > 0 ? btf__type_by_id(btf_, target) : nullptr;
  if (!t || !btf_is_func_proto(t)) return std::nullopt;
  return btf_vlen(t);
}

std::optional<int64_t> KernelBtf::enumerator(const std::string& name) const {
  if (!btf_) return std::nullopt;
  if (!indexed_) {
    indexed_ = true;
    unsigned n = btf__type_cnt(btf_);
    for (unsigned id = 1; id < n; id++) {
      const btf_type* t = btf__type_by_id(btf_, id);
      bool is_signed = btf_kflag(t);
      if (btf_is_enum(t)) {
        const struct btf_enum* e = btf_enum(t);
        for (int i = 0; i < btf_vlen(t); i++, e++) {
          int64_t v = is_signed ? int64_t{e->val} : int64_t{static_cast<uint32_t>(e->val)};
          enumerators_.emplace(btf__name_by_offset(btf_, e->name_off), v);
        }
      } else if (btf_is_enum64(t)) {
        const struct btf_enum64* e = btf_enum64(t);
        for (int i = 0; i < btf_vlen(t); i++, e++)
          enumerators_.emplace(btf__name_by_offset(btf_, e->name_off),
                               static_cast<int64_t>(btf_enum64_value(e)));
      }
    }
  }
  auto it = enumerators_.find(name);
  if (it == enumerators_.end()) return std::nullopt;
  return it->second;
}

bool KernelBtf::has_struct(const std::string& name) const {
  if (!btf_) return false;
  return btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_STRUCT) > 0 ||
         btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_UNION) > 0;
}

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
