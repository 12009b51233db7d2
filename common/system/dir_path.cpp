#include "common/system/dir_path.h"

#include <vector>

namespace cs {

std::string join_dir_path(std::string_view names, bool complete, std::string_view relative) {
  std::vector<std::string_view> parts;
  while (!names.empty()) {
    size_t nul = names.find('\0');
    std::string_view name = names.substr(0, nul);
    if (!name.empty() && name != "/") parts.push_back(name);
    names.remove_prefix(nul == std::string_view::npos ? names.size() : nul + 1);
  }
  std::string path = complete ? "" : "...";
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    path += '/';
    path += *it;
  }
  path += '/';
  path += relative;
  return path;
}

}  // namespace cs
