// File system types for the tools that trace one of them (fsslower, fsdist
// and their aliases ext4slower, xfsdist, ...).
#pragma once
#include <string>
#include <string_view>

namespace cs {

// The file system type a tool's name picks: ("xfsslower", "slower") -> "xfs";
// "" when the name is not <type><suffix> (fsslower itself).
std::string fs_of_tool_name(std::string_view tool, std::string_view suffix);

// True when the text of /proc/filesystems ("nodev\tproc\n\text4\n") lists fs.
bool filesystems_list(std::string_view proc_filesystems, std::string_view fs);

// Fails (exit 1) with one line ("... is not available on this system", as
// the tests of the tool frame expect of a tool that cannot run here) unless the running kernel has fs registered
// (/proc/filesystems): built in, or its module loaded.
void require_fs(const std::string& fs);

}  // namespace cs
