#include "common/system/disks.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/base/error.h"

namespace cs {

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// sysfs spells '/' in device names as '!' ("cciss!c0d0").
std::string sysfs_to_name(std::string s) {
  std::replace(s.begin(), s.end(), '!', '/');
  return s;
}

std::string name_to_sysfs(std::string_view s) {
  std::string r(s);
  std::replace(r.begin(), r.end(), '/', '!');
  return r;
}

}  // namespace

std::vector<BlockDevice> parse_proc_partitions(std::string_view text) {
  std::vector<BlockDevice> r;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    long long major, minor, blocks;
    std::string name, extra;
    if (!(row >> major >> minor >> blocks >> name) || row >> extra) continue;
    if (major < 0 || minor < 0 || major >= (1 << (32 - kMinorBits)) || minor >= (1 << kMinorBits))
      continue;
    r.push_back({name, static_cast<uint32_t>(major), static_cast<uint32_t>(minor)});
  }
  return r;
}

DiskTable DiskTable::load(const std::string& proc_partitions, const std::string& sys_class_block) {
  std::vector<BlockDevice> devs = parse_proc_partitions(read_text(proc_partitions));
  if (DIR* d = opendir(sys_class_block.c_str())) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] == '.') continue;
      unsigned major, minor;
      std::string dev = read_text(sys_class_block + "/" + e->d_name + "/dev");
      if (std::sscanf(dev.c_str(), "%u:%u", &major, &minor) != 2) continue;
      uint32_t k = kernel_dev(major, minor);
      if (std::none_of(devs.begin(), devs.end(), [&](auto& b) { return b.dev() == k; }))
        devs.push_back({sysfs_to_name(e->d_name), major, minor});
    }
    closedir(d);
  }
  return DiskTable(std::move(devs));
}

const BlockDevice* DiskTable::by_name(std::string_view name) const {
  for (const BlockDevice& b : devices_)
    if (b.name == name) return &b;
  return nullptr;
}

const BlockDevice* DiskTable::by_dev(uint32_t kernel_dev) const {
  for (const BlockDevice& b : devices_)
    if (b.dev() == kernel_dev) return &b;
  return nullptr;
}

std::string parent_disk(std::string_view name, const std::string& sys_class_block) {
  std::string dir = sys_class_block + "/" + name_to_sysfs(name);
  if (access((dir + "/partition").c_str(), F_OK) != 0) return "";
  char real[PATH_MAX];
  if (!realpath(dir.c_str(), real)) return "";
  // .../block/vda/vda1 -> vda
  std::string path(real);
  size_t last = path.rfind('/');
  if (last == std::string::npos || last == 0) return "";
  size_t prev = path.rfind('/', last - 1);
  return sysfs_to_name(path.substr(prev + 1, last - prev - 1));
}

std::string DiskNames::name_of(uint32_t dev) {
  const BlockDevice* b = table_.by_dev(dev);
  if (!b && dev && std::find(reloaded_for_.begin(), reloaded_for_.end(), dev) == reloaded_for_.end()) {
    reloaded_for_.push_back(dev);
    table_ = DiskTable::load();
    b = table_.by_dev(dev);
  }
  return b ? b->name : "Unknown";
}

uint32_t disk_filter_dev(const DiskTable& table, const std::string& name,
                         const std::string& sys_class_block) {
  const BlockDevice* b = table.by_name(name);
  if (!b) usage_error("unknown disk '" + name + "' (see /proc/partitions)");
  std::string parent = parent_disk(name, sys_class_block);
  if (!parent.empty())
    usage_error(name + " is a partition; block requests are traced per disk: use -d " + parent);
  return b->dev();
}

}  // namespace cs
