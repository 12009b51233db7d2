// The read and write columns filetop and dirtop share, as one nested cell:
// READS WRITES R_Kb W_Kb in text, reads, writes, read_bytes, write_bytes in
// JSON (members of the row's own object).
//
//   cs::FileIoCounts counts(7);                     // R_Kb and W_Kb 7 wide
//   cs::Record rec({..., {.nested = &counts.record()}, ...});
//   row[kCounts] = counts.add(reads, writes, rbytes, wbytes);
#pragma once
#include <cstdint>
#include <deque>

#include "common/output/record.h"

namespace cs {

class FileIoCounts {
 public:
  explicit FileIoCounts(int kb_width);
  FileIoCounts(const FileIoCounts&) = delete;
  FileIoCounts& operator=(const FileIoCounts&) = delete;

  const Record& record() const { return rec_; }
  // A cell for one row; it stays valid until clear().
  Value add(uint64_t reads, uint64_t writes, uint64_t read_bytes, uint64_t write_bytes);
  // Forgets the cells of the last report.
  void clear() { rows_.clear(); }

 private:
  Record rec_;
  std::deque<Row> rows_;
};

}  // namespace cs
