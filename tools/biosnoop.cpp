// biosnoop: trace block device I/O, one line per completed request, with
// the process that issued it.
#include <linux/types.h>

#include <map>
#include <string>
#include <string_view>

#include "biosnoop.h"
#include "biosnoop.skel.h"
#include "common/base/fixed_str.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/block_rq.h"
#include "common/system/disks.h"

namespace {

struct Options {
  bool queued = false, timestamp = false, pattern = false;
  std::string disk;
  uint64_t min_ms = 0;
};

// bcc's -P: whether a request starts where the disk's previous one ended.
class Patterns {
 public:
  const char* next(uint32_t dev, uint64_t sector, uint32_t bytes) {
    auto [it, fresh] = end_.try_emplace(dev, 0);
    const char* p = fresh ? "?" : it->second == sector ? "S" : "R";
    it->second = sector + bytes / 512;
    return p;
  }

 private:
  std::map<uint32_t, uint64_t> end_;
};

int body(int argc, char** argv) {
  cs::Cli cli("Trace block I/O");
  Options o;
  cli.flag("-Q,--queued,--queue", o.queued, "Include OS queued time in I/O time")
      .option("-d,--disk", o.disk, "Trace this disk only", "DISK")
      .cgroup_filter()
      .option("-m,--min", o.min_ms, "Min latency to trace, in ms", 0, UINT64_MAX / 1000000)
      .flag("-t,--timestamp", o.timestamp, "Include timestamp on output")
      .flag("-P,--pattern", o.pattern, "Display block I/O pattern (sequential or random)")
      .duration_positional()
      .examples(R"(EXAMPLES:
  biosnoop              # trace all block I/O
  biosnoop -Q           # include OS queued time in I/O time
  biosnoop -t           # use timestamps instead
  biosnoop 10           # trace for 10 seconds only
  biosnoop -d sdc       # trace sdc only
  biosnoop -c CG        # trace processes in cgroup CG only
  biosnoop -m 1         # trace I/O slower than 1 ms
  biosnoop -P           # display block I/O pattern
  biosnoop --json       # one JSON object per I/O)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::DiskNames disks;
  uint32_t dev = o.disk.empty() ? 0 : cs::disk_filter_dev(disks.table(), o.disk);
  const cs::BlockBtfFacts btf = cs::block_btf_facts(c.btf_path);
  // -Q alone needs the scheduler's insert.
  cs::Skeleton<biosnoop_bpf> skel(c, cs::HookPlan().without("block_rq_insert", !o.queued));
  skel->rodata->cs_rq_arg = btf.rq_arg;
  skel->rodata->cs_bio_arg = btf.bio_arg;
  skel->rodata->targ_queued = o.queued;
  skel->rodata->min_ns = o.min_ms * 1000000;
  skel->rodata->cs_block_filter_dev = !o.disk.empty();
  skel->rodata->cs_block_targ_dev = dev;
  skel.load_and_attach();

  // libbpf-tools' layout: "%-11.6f %-14.14s %-7d %-7s %-4s %-10lld %-7d "
  // [bcc's "%-1s "] ["%7.3f "] "%7.3f".  The comm is cut to 14 columns in
  // text only.
  enum { kTimeS, kStamp, kCommText, kComm, kPid, kDisk, kType, kSector, kBytes, kPattern,
         kQueue, kLat };
  cs::Record rec({
      {.header = "TIME(s)", .key = "timestamp", .width = 11, .text = !o.timestamp, .precision = 6},
      {.header = "TIMESTAMP", .key = "time", .width = 12, .text = o.timestamp},
      {.header = "COMM", .width = 14},
      {.key = "comm", .text = false},
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "DISK", .key = "disk", .width = 7},
      {.header = "T", .key = "rwbs", .width = 4},
      {.header = "SECTOR", .key = "sector", .width = 10},
      {.header = "BYTES", .key = "bytes", .width = 7},
      {.header = "P", .key = "pattern", .width = 1, .text = o.pattern},
      {.header = "QUE(ms)", .key = "queue_ms", .width = 7, .right = true, .text = o.queued,
       .none = "-1.000"},
      {.header = "LAT(ms)", .key = "lat_ms", .width = 7, .right = true},
  });
  cs::Sink& sink = cs::sink();
  sink.header(rec);

  cs::Row row(rec);
  uint64_t first_ns = 0;
  Patterns patterns;
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, [&](const void* data, size_t size) {
    auto e = cs::record_as<biosnoop_event>(data, size);
    if (!first_ns) first_ns = e.ts_ns;
    std::string comm(cs::fixed_str(e.comm));
    std::string disk = disks.name_of(e.dev);
    std::string rwbs = e.rwbs[0] ? std::string(cs::fixed_str(e.rwbs)) : btf.names.rwbs(e.cmd_flags);
    std::string stamp = cs::wall_hms_ms(e.ts_ns);
    row.clear();
    row[kTimeS] = (e.ts_ns - first_ns) / 1e9;
    row[kStamp] = std::string_view(stamp);
    row[kCommText] = std::string_view(comm).substr(0, 14);
    row[kComm] = std::string_view(comm);
    row[kPid] = e.pid;
    row[kDisk] = std::string_view(disk);
    row[kType] = std::string_view(rwbs);
    row[kSector] = static_cast<unsigned long long>(e.sector);
    row[kBytes] = e.bytes;
    row[kPattern] = patterns.next(e.dev, e.sector, e.bytes);
    if (o.queued && e.qdelta_ns != BIOSNOOP_NO_QUEUE) row[kQueue] = e.qdelta_ns / 1e6;
    row[kLat] = e.delta_ns / 1e6;
    sink.event(rec, row);
  });
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
