#include "common/symbols/stacks.h"

#include <bpf/bpf.h>

#include <cerrno>

#include "common/output/json.h"

namespace cs {

bool stack_id_missed(int64_t id) { return id < 0 && id != -EFAULT; }

void StackLosses::count(int64_t error) {
  if (error == -EEXIST) collided_++;
  else if (error == -ENOMEM) full_++;
  else failed_++;
}

std::vector<std::string> StackLosses::take_warnings(uint32_t entries) {
  std::string size = entries ? " (" + std::to_string(entries) + " entries)" : "";
  auto lost = [](size_t n) { return std::to_string(n) + " stack traces could not be displayed: "; };
  std::vector<std::string> w;
  if (collided_)
    w.push_back(lost(collided_) + "another stack held their slot in the stack map" + size +
                "; a larger --stack-storage-size makes that rarer");
  if (full_)
    w.push_back(lost(full_) + "the stack map" + size +
                " was full; consider increasing --stack-storage-size");
  if (failed_) w.push_back(lost(failed_) + "the kernel did not record them");
  *this = StackLosses{};
  return w;
}

uint32_t map_entries(int map_fd) {
  bpf_map_info info{};
  uint32_t len = sizeof info;
  if (map_fd < 0 || bpf_obj_get_info_by_fd(map_fd, &info, &len) != 0) return 0;
  return info.max_entries;
}

bool read_stack_ips(int stack_map_fd, int32_t id, uint32_t max_depth, std::vector<uint64_t>& ips) {
  ips.assign(max_depth, 0);
  uint32_t key = static_cast<uint32_t>(id);
  if (id < 0 || bpf_map_lookup_elem(stack_map_fd, &key, ips.data()) != 0) {
    ips.clear();
    return false;
  }
  size_t n = 0;
  while (n < ips.size() && ips[n]) n++;
  ips.resize(n);
  return true;
}

std::vector<std::string> StackSymbolizer::kernel_frames(const std::vector<uint64_t>& ips) {
  std::vector<std::string> out;
  out.reserve(ips.size());
  for (uint64_t ip : ips) out.push_back(kernel_.name_of(ip));
  return out;
}

std::vector<std::string> StackSymbolizer::user_frames(pid_t pid, const std::vector<uint64_t>& ips) {
  std::vector<std::string> out;
  out.reserve(ips.size());
  for (uint64_t ip : ips) out.push_back(user_.name_of(pid, ip));
  return out;
}

StackReport user_kernel_stack_report(bool folded, bool delimited, std::string_view tail) {
  StackReport r;
  r.stack_keys = {"ustack", "kstack"};
  r.chain.push_back({.stack = 0});
  if (delimited) r.chain.push_back({.folded = "-", .line = "    --", .between_shown = true});
  r.chain.push_back({.stack = 1});
  r.folded = folded;
  r.folded_before = "{comm}";
  r.tail = tail;
  return r;
}

std::string stack_frames_json(const StackPart& p) {
  std::vector<std::string_view> v(p.frames.begin(), p.frames.end());
  if (!p.shown) v.clear();
  return json_string_array(v.data(), v.size());
}

}  // namespace cs
