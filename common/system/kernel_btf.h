// Facts about the running kernel read from its BTF, so a tool adapts to a
// kernel by what it has, never by its version number:
//
//   cs::KernelBtf btf(c.btf_path);           // --btf FILE, else the kernel's own
//   auto n = btf.func_ptr_params("btf_trace_block_rq_issue");   // 2 or 3
//   auto bit = btf.enumerator("__REQ_SYNC");                     // 11
//
// Every query answers nullopt when the BTF (or the name) is missing, and the
// caller keeps its default.
#pragma once
#include <cstdint>
#include <optional>
#include <memory>
#include <string>
#include <unordered_map>

struct btf;

namespace cs {

// The running kernel's BTF, like libbpf's btf__load_vmlinux_btf(), but read
// through mmap where the kernel allows it (6.16+): sysfs hands the 5 MB file
// out 4 KiB per read(), which costs tens of ms at start-up.  Falls back to
// libbpf.  Null when there is none; free with btf__free().
btf* load_vmlinux_btf();

// The running kernel's BTF, parsed on first use and freed with this object:
// start-up asks it several things (the start-up cache's CO-RE types, the
// flavour probes) and parses 5 MB once, not once per question.
class VmlinuxBtf {
 public:
  const btf* get();  // null where the kernel has none

 private:
  bool tried_ = false;
  std::unique_ptr<btf, void (*)(btf*)> btf_{nullptr, nullptr};
};

// Does the BTF define a type of this name (e.g. "btf_trace_sched_switch",
// the typedef every tracepoint has)?
bool btf_has_type(const btf* b, const std::string& name);

// Why the file at `path` cannot serve as kernel BTF (for --btf), or "" when
// it parses as raw BTF or as an ELF file with a .BTF section.  libbpf's own
// complaint is kept off stderr: the answer is the one line.
std::string btf_file_problem(const std::string& path);

class KernelBtf {
 public:
  // Loads `path` (an ELF file with .BTF or a raw BTF file), or the running
  // kernel's BTF when `path` is empty.  A failure leaves it empty: loaded()
  // is false and every query answers nullopt.
  explicit KernelBtf(const std::string& path = "");
  ~KernelBtf();
  KernelBtf(const KernelBtf&) = delete;
  KernelBtf& operator=(const KernelBtf&) = delete;

  bool loaded() const { return btf_ != nullptr; }

  // Number of parameters of the function a typedef'd function pointer points
  // to.  For tracepoints, typedef btf_trace_<name> is the probe's prototype:
  // (void *data, <the tracepoint's arguments>...), so 1 + the argument count.
  std::optional<int> func_ptr_params(const std::string& typedef_name) const;

  // Value of a named enumerator of any enum in the BTF (enum or enum64).
  std::optional<int64_t> enumerator(const std::string& name) const;

  // True when a struct or union of this name exists.
  bool has_struct(const std::string& name) const;

 private:
  btf* btf_ = nullptr;
  mutable std::unordered_map<std::string, int64_t> enumerators_;
  mutable bool indexed_ = false;
};

// Does a kernel struct have a member?  For tools whose CO-RE programs need a
// field that only some kernel configurations have, so they can say so in one
// line before loading instead of failing in the verifier:
//
//   if (cs::struct_has_member(c.btf_path, "cfs_rq", "rq") == false)
//     cs::fail("... needs CONFIG_FAIR_GROUP_SCHED ...");
// Searches struct (or union) `type` of the BTF at `btf_path` (the running
// kernel's when empty) for a member named `member`, looking inside its
// anonymous struct and union members too.  nullopt when the BTF cannot be
// read or has no such type.
std::optional<bool> struct_has_member(const std::string& btf_path, const std::string& type,
                                      const std::string& member);

}  // namespace cs
