#include "common/cli/underscore_spelling.h"

#include <algorithm>

namespace cs {

std::vector<std::string> dashed_long_options(
    const std::vector<std::string>& args,
    const std::function<bool(const std::string& name)>& is_option,
    const std::function<bool(const std::string& name)>& takes_value) {
  std::vector<std::string> out;
  out.reserve(args.size());
  bool value_next = false, rest_positional = false;
  for (const std::string& a : args) {
    if (value_next || rest_positional || a.size() < 3 || a.compare(0, 2, "--") != 0) {
      bool was_value = value_next;
      value_next = false;
      if (!was_value && a == "--") rest_positional = true;
      // "-n VALUE": the next argument is a value, whatever it looks like.
      if (!was_value && !rest_positional && a.size() == 2 && a[0] == '-' && is_option(a))
        value_next = takes_value(a);
      out.push_back(a);
      continue;
    }
    size_t eq = a.find('=');
    std::string name = a.substr(0, eq);
    if (name.find('_') != std::string::npos && !is_option(name)) {
      std::string dashed = name;
      std::replace(dashed.begin() + 2, dashed.end(), '_', '-');
      if (is_option(dashed)) name = dashed;
    }
    value_next = eq == std::string::npos && is_option(name) && takes_value(name);
    out.push_back(eq == std::string::npos ? name : name + a.substr(eq));
  }
  return out;
}

}  // namespace cs
