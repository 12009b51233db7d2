#include "common/output/notice.h"

#include <cstdio>
#include <string>

#include "common/base/error.h"
#include "common/output/escape.h"
#include "common/output/sink.h"

namespace cs {

void warn(std::string_view message) {
  sink().warning(message);
  out().flush();  // keep stdout and stderr in order for a reader of both
  std::string line = tool_name() + ": warning: " + text_escaped(message) + "\n";
  std::fputs(line.c_str(), stderr);
}

void report_lost(uint64_t events) {
  sink().lost(events);
  out().flush();
  std::fprintf(stderr, "%s: %llu events lost\n", tool_name().c_str(),
               static_cast<unsigned long long>(events));
}

}  // namespace cs
