#include "common/system/file_systems.h"

#include <fstream>
#include <sstream>

#include "common/base/error.h"

namespace cs {

std::string fs_of_tool_name(std::string_view tool, std::string_view suffix) {
  if (tool.size() <= suffix.size() || tool.substr(tool.size() - suffix.size()) != suffix)
    return "";
  std::string_view fs = tool.substr(0, tool.size() - suffix.size());
  return fs == "fs" ? "" : std::string(fs);
}

bool filesystems_list(std::string_view text, std::string_view fs) {
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    size_t tab = line.rfind('\t');
    if (tab != std::string_view::npos) line.remove_prefix(tab + 1);
    if (line == fs) return true;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return false;
}

void require_fs(const std::string& fs) {
  std::ifstream in("/proc/filesystems");
  std::stringstream text;
  text << in.rdbuf();
  if (!in || !filesystems_list(text.str(), fs))
    fail("the " + fs + " file system is not available on this system (not in /proc/filesystems: not built in, or its module is not loaded)");
}

}  // namespace cs
