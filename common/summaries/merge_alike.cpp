#include "common/summaries/merge_alike.h"

namespace cs {

std::string stack_identity(const StackRecord& r, bool with_pid) {
  std::string id(r.comm);
  id += '\0';
  if (with_pid) id += std::to_string(r.pid);
  append_identity(id, r.user);
  append_identity(id, r.kernel);
  return id;
}

void append_identity(std::string& id, const StackPart& p) {
  id += p.shown ? '+' : '-';
  for (const std::string& f : p.frames) {
    id += f;
    id += '\n';
  }
  id += '\0';
}

}  // namespace cs
