#include "common/summaries/file_io_counts.h"

namespace cs {

FileIoCounts::FileIoCounts(int kb_width)
    : rec_({
          {.header = "READS", .key = "reads", .width = 6},
          {.header = "WRITES", .key = "writes", .width = 6},
          {.header = "R_Kb", .width = kb_width},
          {.header = "W_Kb", .width = kb_width},
          {.key = "read_bytes", .text = false},
          {.key = "write_bytes", .text = false},
      }) {}

Value FileIoCounts::add(uint64_t reads, uint64_t writes, uint64_t read_bytes,
                        uint64_t write_bytes) {
  Row& r = rows_.emplace_back(rec_);
  r[0] = reads;
  r[1] = writes;
  r[2] = read_bytes / 1024;
  r[3] = write_bytes / 1024;
  r[4] = read_bytes;
  r[5] = write_bytes;
  return Value::object(r);
}

}  // namespace cs
