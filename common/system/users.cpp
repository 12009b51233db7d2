#include "common/system/users.h"

#include <fstream>

#include "common/base/error.h"

namespace cs {

std::optional<uint32_t> uid_of_user(std::string_view name, const std::string& passwd) {
  std::ifstream in(passwd);
  std::string line;
  // name:password:UID:GID:gecos:home:shell
  while (std::getline(in, line)) {
    size_t c1 = line.find(':');
    if (c1 == std::string::npos || std::string_view(line).substr(0, c1) != name) continue;
    size_t c2 = line.find(':', c1 + 1);
    if (c2 == std::string::npos) continue;
    size_t c3 = line.find(':', c2 + 1);
    std::string_view uid = std::string_view(line).substr(c2 + 1, c3 - c2 - 1);
    if (uid.empty() || uid.size() > 10 || uid.find_first_not_of("0123456789") != std::string::npos)
      continue;
    uint64_t v = std::stoull(std::string(uid));
    if (v < UINT32_MAX) return static_cast<uint32_t>(v);
  }
  return std::nullopt;
}

uint32_t parse_user(const std::string& flag, const std::string& value, const std::string& passwd) {
  const std::string quoted = flag.empty() ? "'" + value + "'" : flag + " " + value;
  if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) {
    // (uid_t)-1 means "no change" to the kernel and "no filter" to the tools.
    if (value.size() <= 10) {
      uint64_t v = std::stoull(value);
      if (v < UINT32_MAX) return static_cast<uint32_t>(v);
    }
    usage_error(quoted + ": a UID is 0 to 4294967294");
  }
  if (value.empty()) usage_error(flag.empty() ? "empty user name" : flag + ": empty user name");
  if (auto uid = uid_of_user(value, passwd)) return *uid;
  usage_error(quoted + ": no such user in " + passwd);
}

}  // namespace cs
