// Block device names <-> device numbers.
//
// BPF programs see the kernel's internal dev_t (major << 20 | minor): that is
// what struct gendisk gives (bpf/include/block.bpf.h) and what the block
// tracepoints record.  Names come from /proc/partitions plus /sys/class/block
// (which also lists devices /proc/partitions hides, such as empty loop
// devices).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cs {

constexpr uint32_t kMinorBits = 20;
constexpr uint32_t kernel_dev(uint32_t major, uint32_t minor) {
  return (major << kMinorBits) | (minor & ((1u << kMinorBits) - 1));
}
constexpr uint32_t kernel_dev_major(uint32_t dev) { return dev >> kMinorBits; }
constexpr uint32_t kernel_dev_minor(uint32_t dev) { return dev & ((1u << kMinorBits) - 1); }

struct BlockDevice {
  std::string name;  // as /proc/partitions spells it: "sda1", "nvme0n1", "cciss/c0d0"
  uint32_t major = 0;
  uint32_t minor = 0;
  uint32_t dev() const { return kernel_dev(major, minor); }
};

// The rows of /proc/partitions ("major minor  #blocks  name" under a header).
// Lines that are not such a row are skipped.
std::vector<BlockDevice> parse_proc_partitions(std::string_view text);

class DiskTable {
 public:
  DiskTable() = default;
  explicit DiskTable(std::vector<BlockDevice> devices) : devices_(std::move(devices)) {}

  // /proc/partitions, then every /sys/class/block/NAME/dev not seen there.
  // The paths can be pointed elsewhere for tests.
  static DiskTable load(const std::string& proc_partitions = "/proc/partitions",
                        const std::string& sys_class_block = "/sys/class/block");

  const BlockDevice* by_name(std::string_view name) const;
  const BlockDevice* by_dev(uint32_t kernel_dev) const;
  const std::vector<BlockDevice>& devices() const { return devices_; }

 private:
  std::vector<BlockDevice> devices_;
};

// For a partition name ("vda1"), the name of the disk it belongs to ("vda");
// "" when `name` is not a partition (or sysfs does not say).
std::string parent_disk(std::string_view name,
                        const std::string& sys_class_block = "/sys/class/block");

// Names disks for a running tool: looks a device number up, re-reading the
// table once when it is missing (a disk that appeared after the start), and
// answers "Unknown" (as libbpf-tools prints) when it is still not there.
class DiskNames {
 public:
  DiskNames() : table_(DiskTable::load()) {}
  const DiskTable& table() const { return table_; }
  std::string name_of(uint32_t kernel_dev);

 private:
  DiskTable table_;
  std::vector<uint32_t> reloaded_for_;
};

// The kernel dev_t of the whole disk `name`, for a -d DISK filter.  Unknown
// names and partitions (block requests belong to the whole disk) are usage
// errors (exit 2) with a one-line message.
uint32_t disk_filter_dev(const DiskTable& table, const std::string& name,
                         const std::string& sys_class_block = "/sys/class/block");

}  // namespace cs
