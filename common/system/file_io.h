// The operations of the file I/O kit (bpf/include/file_io.h), by name and by
// the letter the slow-call tools print.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

// "read", "write", "open", "fsync", "getattr"; "?" for anything else.
std::string_view file_op_name(uint32_t op);
// libbpf-tools' fsslower letters: 'R', 'W', 'O', 'F'; 'G' getattr.
char file_op_letter(uint32_t op);

// The file system types fsslower and fsdist know by name, and the one a
// -t value or a tool's name asks for: the kit's knobs take it as is, and
// "nfs" also means NFSv4's "nfs4".
inline const char* const kTracedFileSystems[] = {"btrfs", "ext4", "nfs", "xfs", "f2fs", "zfs"};
std::string_view fs_also(std::string_view fs);
std::vector<std::string> traced_fs_names();

// The type to trace: -t's value, else the one the tool's name picks (usage
// error when neither); fails with one line when the kernel lacks it.
std::string traced_fs(const std::string& type_flag, const std::string& from_name);

// -s of filetop and dirtop: "all" (the default: the sum of the four),
// "reads", "writes", "rbytes", "wbytes"; what a row weighs by that key.
std::vector<std::string> file_io_sort_keys();
uint64_t file_io_weight(const std::string& key, uint64_t reads, uint64_t writes, uint64_t rbytes,
                        uint64_t wbytes);

// The kit's file system knobs (cs_file_fs, cs_file_fs_alt) for fs.
template <class Rodata>
void set_fs_knobs(Rodata* ro, const std::string& fs) {
  std::string_view alt = fs_also(fs);
  std::memset(const_cast<char*>(ro->cs_file_fs), 0, sizeof ro->cs_file_fs);
  std::memset(const_cast<char*>(ro->cs_file_fs_alt), 0, sizeof ro->cs_file_fs_alt);
  std::memcpy(const_cast<char*>(ro->cs_file_fs), fs.data(),
              std::min(fs.size(), sizeof ro->cs_file_fs - 1));
  std::memcpy(const_cast<char*>(ro->cs_file_fs_alt), alt.data(),
              std::min(alt.size(), sizeof ro->cs_file_fs_alt - 1));
}

}  // namespace cs
