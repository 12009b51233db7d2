#include "common/system/block_rq.h"

#include <cstring>

#include "common/system/kernel_btf.h"

namespace cs {

namespace {

// Printed in this order, as libbpf-tools does.  `bit` is the built-in value.
struct FlagDef {
  const char* enumerator;
  const char* text;
  int bit;
};
constexpr FlagDef kFlags[] = {
    {"__REQ_NOWAIT", "NoWait-", 21},   {"__REQ_BACKGROUND", "Background-", 20},
    {"__REQ_RAHEAD", "ReadAhead-", 19}, {"__REQ_PREFLUSH", "PreFlush-", 18},
    {"__REQ_FUA", "FUA-", 17},         {"__REQ_INTEGRITY", "Integrity-", 16},
    {"__REQ_IDLE", "Idle-", 15},       {"__REQ_NOMERGE", "NoMerge-", 14},
    {"__REQ_PRIO", "Priority-", 13},   {"__REQ_META", "Metadata-", 12},
    {"__REQ_SYNC", "Sync-", 11},
};
constexpr size_t kNumFlags = sizeof kFlags / sizeof kFlags[0];
enum FlagIndex { kRahead = 2, kPreflush = 3, kFua = 4, kMeta = 9, kSync = 10 };

// `code` < 0: no built-in value (it differs between kernels).
struct OpDef {
  const char* enumerator;
  const char* text;
  int code;
};
constexpr OpDef kOps[] = {
    {"REQ_OP_READ", "Read", 0},
    {"REQ_OP_WRITE", "Write", 1},
    {"REQ_OP_FLUSH", "Flush", 2},
    {"REQ_OP_DISCARD", "Discard", 3},
    {"REQ_OP_SECURE_ERASE", "SecureErase", 5},
    {"REQ_OP_ZONE_RESET", "ZoneReset", -1},
    {"REQ_OP_WRITE_SAME", "WriteSame", -1},
    {"REQ_OP_ZONE_RESET_ALL", "ZoneResetAll", -1},
    {"REQ_OP_WRITE_ZEROES", "WriteZeroes", 9},
    {"REQ_OP_ZONE_OPEN", "ZoneOpen", -1},
    {"REQ_OP_ZONE_CLOSE", "ZoneClose", -1},
    {"REQ_OP_ZONE_FINISH", "ZoneFinish", -1},
    {"REQ_OP_ZONE_APPEND", "ZoneAppend", -1},
    {"REQ_OP_SCSI_IN", "SCSIIn", -1},
    {"REQ_OP_SCSI_OUT", "SCSIOut", -1},
    {"REQ_OP_DRV_IN", "DrvIn", 34},
    {"REQ_OP_DRV_OUT", "DrvOut", 35},
};

std::string render(const bool (&set)[kNumFlags], const char* op) {
  std::string s;
  for (size_t i = 0; i < kNumFlags; i++)
    if (set[i]) s += kFlags[i].text;
  s += op ? op : "Unknown";
  return s;
}

}  // namespace

uint32_t block_rq_request_arg(const KernelBtf& btf) {
  // (void *data, [struct request_queue *,] struct request *)
  return btf.func_ptr_params("btf_trace_block_rq_issue").value_or(2) >= 3 ? 1 : 0;
}

uint32_t block_bio_arg(const KernelBtf& btf) {
  // (void *data, [struct request_queue *,] struct bio *)
  return btf.func_ptr_params("btf_trace_block_bio_queue").value_or(2) >= 3 ? 1 : 0;
}

BlockBtfFacts block_btf_facts(const std::string& btf_path) {
  KernelBtf btf(btf_path);
  BlockBtfFacts f;
  f.rq_arg = block_rq_request_arg(btf);
  f.bio_arg = block_bio_arg(btf);
  f.names = ReqFlagNames(btf);
  return f;
}

ReqFlagNames::ReqFlagNames() {
  for (const FlagDef& f : kFlags) flag_masks_.push_back(1u << f.bit);
  for (const OpDef& o : kOps)
    if (o.code >= 0) ops_.push_back({static_cast<uint32_t>(o.code), o.text});
}

ReqFlagNames::ReqFlagNames(const KernelBtf& btf) : ReqFlagNames() {
  // The flags start right above the operation: __REQ_FAILFAST_DEV == REQ_OP_BITS.
  if (btf.enumerator("__REQ_SYNC")) {
    int op_bits = static_cast<int>(btf.enumerator("__REQ_FAILFAST_DEV").value_or(8));
    op_mask_ = op_bits > 0 && op_bits < 32 ? (1u << op_bits) - 1 : 0xff;
    for (size_t i = 0; i < kNumFlags; i++) {
      auto bit = btf.enumerator(kFlags[i].enumerator);
      flag_masks_[i] = bit && *bit >= 0 && *bit < 32 ? 1u << *bit : 0;
    }
  }
  if (btf.enumerator("REQ_OP_WRITE")) {
    ops_.clear();
    for (const OpDef& o : kOps)
      if (auto code = btf.enumerator(o.enumerator))
        ops_.push_back({static_cast<uint32_t>(*code), o.text});
  }
}

std::string ReqFlagNames::name(uint32_t cmd_flags) const {
  bool set[kNumFlags] = {};
  for (size_t i = 0; i < kNumFlags; i++) set[i] = flag_masks_[i] && (cmd_flags & flag_masks_[i]);
  const char* op = nullptr;
  for (const Op& o : ops_)
    if (o.code == (cmd_flags & op_mask_)) op = o.text;
  return render(set, op);
}

std::string ReqFlagNames::rwbs(uint32_t cmd_flags) const {
  auto has = [&](FlagIndex i) { return flag_masks_[i] && (cmd_flags & flag_masks_[i]); };
  std::string s;
  if (has(kPreflush)) s += 'F';
  std::string_view op;
  for (const Op& o : ops_)
    if (o.code == (cmd_flags & op_mask_)) op = o.text;
  if (op == "Write" || op == "WriteSame") s += 'W';
  else if (op == "Read") s += 'R';
  else if (op == "Discard") s += 'D';
  else if (op == "SecureErase") s += "DE";
  else if (op == "Flush") s += 'F';
  else s += 'N';
  if (has(kFua)) s += 'F';
  if (has(kRahead)) s += 'A';
  if (has(kSync)) s += 'S';
  if (has(kMeta)) s += 'M';
  return s;
}

// The kernel writes rwbs as: 'F' for a preflush, the operation (W, R, D, DE
// for secure erase, F for flush, N for any other), then F (FUA), A (read
// ahead), S (sync), M (metadata) and, on newer kernels, more letters.
std::string ReqFlagNames::name_from_rwbs(std::string_view rwbs) {
  bool set[kNumFlags] = {};
  size_t i = 0;
  if (rwbs.size() >= 2 && rwbs[0] == 'F' && std::strchr("WRDFN", rwbs[1])) {
    set[kPreflush] = true;
    i = 1;
  }
  const char* op = nullptr;
  if (i < rwbs.size()) {
    switch (rwbs[i++]) {
      case 'W': op = "Write"; break;
      case 'R': op = "Read"; break;
      case 'F': op = "Flush"; break;
      case 'D':
        op = "Discard";
        if (i < rwbs.size() && rwbs[i] == 'E') {
          op = "SecureErase";
          i++;
        }
        break;
      default: break;  // 'N': an operation rwbs does not name
    }
  }
  for (; i < rwbs.size(); i++) {
    switch (rwbs[i]) {
      case 'F': set[kFua] = true; break;
      case 'A': set[kRahead] = true; break;
      case 'S': set[kSync] = true; break;
      case 'M': set[kMeta] = true; break;
      default: break;
    }
  }
  return render(set, op);
}

}  // namespace cs
