#include "common/base/error.h"

#include <cstdio>
#include <cstring>
#include <string>


namespace cs {

static std::string g_tool = "corescope";

const std::string& tool_name() { return g_tool; }

void set_tool_name(const char* argv0) {
  if (!argv0 || !*argv0) return;
  const char* slash = std::strrchr(argv0, '/');
  g_tool = slash ? slash + 1 : argv0;
}

std::string errno_text(int err) {
  if (err < 0) err = -err;
  return std::strerror(err);
}

}  // namespace cs
