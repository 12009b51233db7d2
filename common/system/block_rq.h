// Facts about block-layer requests that the block tools (biolatency, and
// biosnoop-like tools) need from the kernel's BTF rather than its version:
//
// - which argument of the block_rq_insert / block_rq_issue tracepoints is the
//   request (the queue argument was dropped in 5.11, and backported to some
//   5.10 stable kernels, so a version check is wrong);
// - the names of a request's operation and flags, rendered as libbpf-tools'
//   biolatency -F prints them: the set flags in a fixed order, each followed
//   by '-', then the operation ("Sync-Write", "ReadAhead-Read", "Unknown").
//   The bit of each flag and the code of each operation come from enum
//   req_flag_bits and enum req_op (req_opf before 6.0): the zone operations
//   were renumbered twice since 5.10, and libbpf-tools' fixed table names
//   some of them wrongly on current kernels.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

class KernelBtf;

// Index of the struct request * among the block_rq_insert / block_rq_issue
// tracepoint arguments: 1 where the kernel passes (request_queue *, request *)
// (btf_trace_block_rq_issue has three parameters), else 0.
uint32_t block_rq_request_arg(const KernelBtf& btf);

// The same for the struct bio * of block_bio_queue and block_split: 1 where
// they still take the queue first (btf_trace_block_bio_queue has three
// parameters), else 0.
uint32_t block_bio_arg(const KernelBtf& btf);

class ReqFlagNames {
 public:
  // Built-in layout: the flag bits and operation codes every kernel from
  // 5.10 to 6.18 agrees on.  Used when the BTF does not describe them.
  ReqFlagNames();
  // Layout from a kernel's BTF, falling back to the built-in one per table.
  explicit ReqFlagNames(const KernelBtf& btf);

  // Name of a request's cmd_flags (operation in the low bits, flags above).
  std::string name(uint32_t cmd_flags) const;

  // The same rendering from the `rwbs` string of the block tracepoints
  // ("WS", "FWFS", "RA"...).  It carries fewer flags than cmd_flags
  // (PreFlush, FUA, ReadAhead, Sync, Metadata) and names only the operations
  // Read, Write, Flush, Discard and SecureErase; others are "Unknown".
  static std::string name_from_rwbs(std::string_view rwbs);

  // A request's cmd_flags as the tracepoints' rwbs string, as libbpf-tools'
  // biosnoop writes it: 'F' for a preflush, the operation (W, R, D, DE for a
  // secure erase, F for a flush, N for any other), then F (FUA), A (read
  // ahead), S (sync), M (metadata).
  std::string rwbs(uint32_t cmd_flags) const;

 private:
  struct Op {
    uint32_t code;
    const char* text;
  };
  uint32_t op_mask_ = 0xff;
  std::vector<uint32_t> flag_masks_;  // per entry of the fixed flag table; 0: absent
  std::vector<Op> ops_;
};

// What the block tools read from the kernel's BTF before load: the two
// argument indexes above and the flag names, from one parse of the BTF
// (btf_path: --btf, or "" for the running kernel's).
struct BlockBtfFacts {
  uint32_t rq_arg = 0, bio_arg = 0;
  ReqFlagNames names;
};
BlockBtfFacts block_btf_facts(const std::string& btf_path);

}  // namespace cs
