// biolatpcts: percentiles of one disk's block I/O latency per interval, per
// operation (read, write, discard, flush), in bcc's layout.
#include <linux/types.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "biolatpcts.h"
#include "biolatpcts.skel.h"
#include "common/base/error.h"
#include "common/output/clock.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/block_rq.h"
#include "common/system/disks.h"

namespace {

using Slots = std::array<uint64_t, BIOLATPCTS_ENTRIES>;
const char* const kOps[BIOLATPCTS_OPS] = {"read", "write", "discard", "flush"};

// The slot counts summed over the CPUs.
Slots read_slots(int fd) {
  Slots r{};
  int ncpu = libbpf_num_possible_cpus();
  std::vector<uint64_t> per(static_cast<size_t>(ncpu > 0 ? ncpu : 1));
  for (uint32_t i = 0; i < BIOLATPCTS_ENTRIES; i++) {
    if (bpf_map_lookup_elem(fd, &i, per.data())) continue;
    for (uint64_t v : per) r[i] += v;
  }
  return r;
}

// The latency (us) at each percentile of one operation's slots, as bcc
// computes it: walking the buckets from the slowest down (100 ms slots 99..1,
// then 1 ms slots 99..1, then 10 us slots 99..0), a percentile p is the middle
// of the first non-empty bucket where at least 100 - p % of the requests have
// been passed.  0 when there were none.
std::vector<double> percentiles(const Slots& s, int op, const std::vector<double>& pcts) {
  struct Bucket {
    double mid_us;
    uint64_t n;
  };
  std::vector<Bucket> buckets;
  const double gran[BIOLATPCTS_TIERS] = {100000, 1000, 10};
  uint64_t total = 0;
  for (int tier = 0; tier < BIOLATPCTS_TIERS; tier++)
    for (int i = BIOLATPCTS_SLOTS - 1; i >= (tier == BIOLATPCTS_TIERS - 1 ? 0 : 1); i--) {
      uint64_t n = s[tier * 400 + op * BIOLATPCTS_SLOTS + i];
      buckets.push_back({gran[tier] * i + gran[tier] / 2, n});
      total += n;
    }
  std::vector<double> r(pcts.size(), 0);
  if (!total) return r;
  for (size_t p = 0; p < pcts.size(); p++) {
    uint64_t passed = 0;
    for (const Bucket& b : buckets) {
      if (!b.n) continue;
      passed += b.n;
      r[p] = b.mid_us;
      if (100.0 * passed / total >= 100 - pcts[p]) break;
    }
  }
  return r;
}

// Requests of one operation in the slots (each is in one 100 ms slot).
uint64_t total_of(const Slots& s, int op) {
  uint64_t n = 0;
  for (int i = 0; i < BIOLATPCTS_SLOTS; i++) n += s[op * BIOLATPCTS_SLOTS + i];
  return n;
}

// bcc's format_usec.
std::string format_us(double us) {
  char b[32];
  if (us > 1e6) std::snprintf(b, sizeof b, "%.1fs", us / 1e6);
  else if (us > 10000) std::snprintf(b, sizeof b, "%.0fms", us / 1000);
  else if (us > 1000) std::snprintf(b, sizeof b, "%.1fms", us / 1000);
  else if (us > 0) std::snprintf(b, sizeof b, "%.0fus", us);
  else return "-";
  return b;
}

// "p50", "p99.9": Python's {:g}.
std::string pct_name(double p) {
  char b[32];
  std::snprintf(b, sizeof b, "p%g", p);
  return b;
}

std::vector<double> parse_pcts(const std::vector<std::string>& args) {
  std::vector<double> r;
  for (const std::string& a : args) {
    std::stringstream in(a);
    for (std::string item; std::getline(in, item, ',');) {
      char* end = nullptr;
      double v = std::strtod(item.c_str(), &end);
      if (item.empty() || *end || !(v >= 0 && v <= 100))
        cs::usage_error("invalid percentile '" + item + "' (0 to 100)");
      r.push_back(v);
    }
  }
  std::sort(r.begin(), r.end());
  return r;
}

// MAJ:MIN, or a disk name.
uint32_t target_dev(const cs::DiskTable& disks, const std::string& arg) {
  unsigned maj, min;
  char tail;
  if (std::sscanf(arg.c_str(), "%u:%u%c", &maj, &min, &tail) == 2) {
    const cs::BlockDevice* b = disks.by_dev(cs::kernel_dev(maj, min));
    if (!b) cs::usage_error("unknown block device " + arg + " (see /proc/partitions)");
    return cs::disk_filter_dev(disks, b->name);
  }
  return cs::disk_filter_dev(disks, arg);
}

int body(int argc, char** argv) {
  cs::Cli cli("Monitor IO latency distribution of a block device");
  cs::Common& c = cli.common();
  c.interval = 3;
  std::string devno, which = "on-device";
  std::vector<std::string> pct_args;
  bool json_j = false;
  cli.positional("MAJ:MIN", devno, "Target block device number (or disk name)")
      .option("-i,--interval", c.interval, "Report interval (default 3)", 0.001, 1e9)
      .choice("-w,--which", which, {"on-device", "after-rq-alloc", "from-rq-alloc"},
              "Which latency to measure (default on-device)")
      .option("-p,--pcts", pct_args, "Percentiles to calculate", "PCT")
      .flag("-j", json_j, "Output in json (as --json)")
      .examples(R"(EXAMPLES:
  biolatpcts 8:0              # percentiles of sda's latency every 3 s
  biolatpcts -i 1 nvme0n1     # every second, the disk by name
  biolatpcts -p 50,99,99.9 8:0
  biolatpcts -w after-rq-alloc 8:0  # from when the request was made
  biolatpcts -j 8:0           # one JSON object per interval)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  if (devno.empty()) cs::usage_error("MAJ:MIN is required");
  if (json_j && !c.json) {
    c.json = true;
    cs::use_json_sink();
  }
  std::vector<double> pcts = pct_args.empty()
      ? std::vector<double>{1, 5, 10, 16, 25, 50, 75, 84, 90, 95, 99, 100}
      : parse_pcts(pct_args);

  cs::DiskTable disks = cs::DiskTable::load();
  uint32_t dev = target_dev(disks, devno);
  uint32_t w = which == "on-device" ? BIOLATPCTS_ON_DEVICE
             : which == "after-rq-alloc" ? BIOLATPCTS_AFTER_RQ_ALLOC : BIOLATPCTS_FROM_RQ_ALLOC;

  cs::Skeleton<biolatpcts_bpf> skel(c);
  if (w != BIOLATPCTS_ON_DEVICE && skel.prepared().tier == cs::Tier::Tracepoint)
    cs::fail("-w " + which + " reads the request's own times, which classic tracepoints do not "
             "carry: use tp_btf or raw_tp (--attach fentry or raw)");
  skel->rodata->rq_arg = cs::block_btf_facts(c.btf_path).rq_arg;
  skel->rodata->which = w;
  skel->rodata->targ_dev = dev;
  skel.load_and_attach();

  enum { kOp, kCount, kPct, kLat };
  const cs::Record rec({
      {.header = "OP", .key = "op"},
      {.header = "COUNT", .key = "count"},
      {.header = "PCT", .key = "pct"},
      {.header = "LAT(s)", .key = "lat_s"},
  });
  int fd = bpf_map__fd(skel->maps.slots);
  Slots last{};
  std::vector<std::string> names;
  for (double p : pcts) names.push_back(pct_name(p));
  return cs::run_loop(c, nullptr, [&] {
    Slots now = read_slots(fd), d{};
    for (size_t i = 0; i < d.size(); i++) d[i] = now[i] >= last[i] ? now[i] - last[i] : 0;
    last = now;
    std::vector<std::vector<double>> lat;
    for (int op = 0; op < BIOLATPCTS_OPS; op++) lat.push_back(percentiles(d, op, pcts));
    if (c.json) {
      cs::TableReport t(rec);
      t.time = cs::wall_hms_now();
      for (int op = 0; op < BIOLATPCTS_OPS; op++)
        for (size_t p = 0; p < pcts.size(); p++) {
          cs::Row& r = t.add_row();
          r[kOp] = kOps[op];
          r[kCount] = static_cast<unsigned long long>(total_of(d, op));
          r[kPct] = pcts[p];
          r[kLat] = lat[op][p] / 1e6;
        }
      cs::sink().table(t);
      return;
    }
    // bcc: "\n%-7s" the device, " %5s" each percentile (wider names widen
    // their column), then "%-7s" per operation and its values.
    std::string s = "\n";
    char b[64];
    std::snprintf(b, sizeof b, "%-7s", devno.c_str());
    s += b;
    std::vector<int> widths;
    for (const std::string& n : names) {
      widths.push_back(std::max<int>(static_cast<int>(n.size()), 5));
      std::snprintf(b, sizeof b, " %5s", n.c_str());
      s += b;
    }
    s += '\n';
    for (int op = 0; op < BIOLATPCTS_OPS; op++) {
      std::snprintf(b, sizeof b, "%-7s", kOps[op]);
      s += b;
      for (size_t p = 0; p < pcts.size(); p++) {
        std::snprintf(b, sizeof b, " %*s", widths[p], format_us(lat[op][p]).c_str());
        s += b;
      }
      s += '\n';
    }
    cs::out().put(s);
  });
}

}  // namespace

CS_TOOL_MAIN(body)
