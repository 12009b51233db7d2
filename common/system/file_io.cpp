#include "common/system/file_io.h"

#include <linux/types.h>

#include "bpf/include/file_io.h"
#include "common/base/error.h"
#include "common/system/file_systems.h"

namespace cs {

std::string_view file_op_name(uint32_t op) {
  switch (op) {
    case CS_FILE_READ: return "read";
    case CS_FILE_WRITE: return "write";
    case CS_FILE_OPEN: return "open";
    case CS_FILE_FSYNC: return "fsync";
    case CS_FILE_GETATTR: return "getattr";
  }
  return "?";
}

char file_op_letter(uint32_t op) {
  static const char letters[] = "RWOFG";
  return op < CS_FILE_OPS ? letters[op] : '?';
}

std::string_view fs_also(std::string_view fs) { return fs == "nfs" ? "nfs4" : ""; }

std::vector<std::string> traced_fs_names() {
  return {std::begin(kTracedFileSystems), std::end(kTracedFileSystems)};
}

std::string traced_fs(const std::string& type_flag, const std::string& from_name) {
  std::string fs = type_flag.empty() ? from_name : type_flag;
  if (fs.empty()) usage_error("filesystem must be specified using -t option");
  require_fs(fs);
  return fs;
}

std::vector<std::string> file_io_sort_keys() {
  return {"all", "reads", "writes", "rbytes", "wbytes"};
}

uint64_t file_io_weight(const std::string& key, uint64_t reads, uint64_t writes, uint64_t rbytes,
                        uint64_t wbytes) {
  if (key == "reads") return reads;
  if (key == "writes") return writes;
  if (key == "rbytes") return rbytes;
  if (key == "wbytes") return wbytes;
  return reads + writes + rbytes + wbytes;
}

}  // namespace cs
