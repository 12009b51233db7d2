#include "common/cli/list_text.h"

namespace cs {

std::string check_list_text(const std::string& text) {
  if (text.empty()) return "empty value";
  if (text.front() == ',' || text.back() == ',' || text.find(",,") != std::string::npos)
    return "empty item in the list '" + text + "'";
  return "";
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  size_t from = 0;
  for (size_t comma; (comma = text.find(',', from)) != std::string::npos; from = comma + 1)
    items.push_back(text.substr(from, comma - from));
  items.push_back(text.substr(from));
  return items;
}

}  // namespace cs
