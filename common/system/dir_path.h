// Paths rebuilt from directory names that a BPF program collected by walking
// dentries up to the root (bpf/include/dirpath.bpf.h): innermost first, each
// NUL-terminated, e.g. "c\0b\0a\0" for /a/b/c.
#pragma once
#include <string>
#include <string_view>

namespace cs {

// Joins the directory the names describe with a path relative to it:
// ("c\0b\0a\0", "x.txt") -> "/a/b/c/x.txt"; no names -> "/x.txt".  When the
// walk stopped before the root (complete = false), the missing outer part is
// shown as "...": ".../b/c/x.txt".  A last name without its NUL still counts.
std::string join_dir_path(std::string_view names, bool complete, std::string_view relative);

}  // namespace cs
