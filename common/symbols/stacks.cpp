#include "common/symbols/stacks.h"

#include <bpf/bpf.h>

#include <cerrno>

#include "common/output/escape.h"
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

void append_folded(std::string& out, const StackRecord& r, bool delimiter) {
  append_text_escaped(out, r.comm);
  auto callers_first = [&](const StackPart& p) {
    for (auto it = p.frames.rbegin(); it != p.frames.rend(); ++it) {
      out.push_back(';');
      append_text_escaped(out, *it);
    }
  };
  if (r.user.shown) callers_first(r.user);
  if (r.kernel.shown) {
    if (delimiter && r.user.shown) out += ";-";
    callers_first(r.kernel);
  }
  out.push_back(' ');
  out += std::to_string(r.count);
  out.push_back('\n');
}

void append_multiline(std::string& out, const StackRecord& r, bool delimiter) {
  auto lines = [&](const StackPart& p) {
    for (const std::string& f : p.frames) {
      out += "    ";
      append_text_escaped(out, f);
      out.push_back('\n');
    }
  };
  if (r.kernel.shown) lines(r.kernel);
  if (r.user.shown) {
    if (delimiter && r.kernel.shown) out += "    --\n";
    lines(r.user);
  }
  out += "    -";
  out.append(16, ' ');  // bcc: "    %-16s %s (%d)" with "-"
  append_text_escaped(out, r.comm);
  out += " (" + std::to_string(r.pid) + ")\n";
  out += "        " + std::to_string(r.count) + "\n\n";
}

std::string stack_frames_json(const StackPart& p) {
  std::vector<std::string_view> v(p.frames.begin(), p.frames.end());
  if (!p.shown) v.clear();
  return json_string_array(v.data(), v.size());
}

std::string stack_json(const StackRecord& r) {
  Json j;
  j.str("type", "stack")
      .str("comm", r.comm)
      .unum("pid", r.pid)
      .unum("count", r.count)
      .raw("ustack", stack_frames_json(r.user))
      .raw("kstack", stack_frames_json(r.kernel));
  return j.end();
}

}  // namespace cs
