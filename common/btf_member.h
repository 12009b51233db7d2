// Does a kernel struct have a member?  For tools whose CO-RE programs need a
// field that only some kernel configurations have, so they can say so in one
// line before loading instead of failing in the verifier:
//
//   if (cs::struct_has_member(c.btf_path, "cfs_rq", "rq") == false)
//     cs::fail("... needs CONFIG_FAIR_GROUP_SCHED ...");
//
// (A natural method of KernelBtf, kept apart until it moves there.)
#pragma once
#include <optional>
#include <string>

namespace cs {

// Searches struct (or union) `type` of the BTF at `btf_path` (the running
// kernel's when empty) for a member named `member`, looking inside its
// anonymous struct and union members too.  nullopt when the BTF cannot be
// read or has no such type.
std::optional<bool> struct_has_member(const std::string& btf_path, const std::string& type,
                                      const std::string& member);

}  // namespace cs
