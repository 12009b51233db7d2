// biopattern: random and sequential block I/O per disk, per interval.
#include <bpf/bpf.h>

#include <cstdio>
#include <deque>
#include <map>
#include <string>

#include "biopattern.h"
#include "biopattern.skel.h"
#include "common/output/clock.h"
#include "common/output/output.h"
#include "common/output/sink.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/disks.h"

namespace {

enum { kTime, kDisk, kRndPct, kSeqPct, kCount, kKbytes, kRandom, kSequential };

// libbpf-tools' columns ("%-9s " time with -T, "%-7s %5ld %5ld %8d %10lld");
// JSON has the two counts as well.
cs::Record make_record(bool timestamp) {
  return cs::Record({
      {.header = "TIME", .width = 9, .text = timestamp},
      {.header = "DISK", .key = "disk", .width = 7},
      {.header = "%RND", .key = "random_pct", .width = 5, .right = true},
      {.header = "%SEQ", .key = "sequential_pct", .width = 5, .right = true},
      {.header = "COUNT", .key = "count", .width = 8, .right = true},
      {.header = "KBYTES", .key = "kbytes", .width = 10, .right = true},
      {.header = "RANDOM", .key = "random", .text = false},
      {.header = "SEQUENTIAL", .key = "sequential", .text = false},
  });
}

int body(int argc, char** argv) {
  cs::Cli cli("Show block device I/O pattern");
  bool timestamp = false;
  std::string disk;
  cli.flag("-T,--timestamp", timestamp, "Include timestamp on output")
      .option("-d,--disk", disk, "Trace this disk only", "DISK")
      .interval_count()
      .examples(R"(EXAMPLES:
  biopattern              # show block I/O pattern
  biopattern 1 10         # print 1 second summaries, 10 times
  biopattern -T 1         # 1s summaries with timestamps
  biopattern -d sdc       # trace sdc only
  biopattern --json 5     # one JSON object per 5 second interval)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::DiskNames disks;
  uint32_t dev = disk.empty() ? 0 : cs::disk_filter_dev(disks.table(), disk);
  cs::Skeleton<biopattern_bpf> skel(c);
  skel->rodata->filter_dev = !disk.empty();
  skel->rodata->targ_dev = dev;
  skel.load_and_attach();

  cs::print_banner(c, "Tracing block device I/O requested seeks... Hit Ctrl-C to end.\n");
  cs::Record rec = make_record(timestamp);
  cs::sink().header(rec);  // once, as libbpf-tools prints it; nothing in JSON

  // The counters only grow: an interval shows what each disk gained.
  int fd = bpf_map__fd(skel->maps.counters);
  std::map<uint32_t, biopattern_counter> seen;
  return cs::run_loop(c, nullptr, [&] {
    cs::TableReport t(rec);
    t.header = false;
    t.time = cs::wall_hms_now();
    std::deque<std::string> names;  // the rows' views point into it
    for (auto& [key, now] : cs::read_hash_map<uint32_t, biopattern_counter>(fd, false)) {
      biopattern_counter& before = seen[key];
      uint64_t rnd = now.random - before.random, seq = now.sequential - before.sequential;
      uint64_t bytes = now.bytes - before.bytes;
      before = now;
      uint64_t total = rnd + seq;
      if (!total) continue;
      cs::Row& row = t.add_row();
      row[kTime] = std::string_view(t.time);
      row[kDisk] = std::string_view(names.emplace_back(disks.name_of(key)));
      row[kRndPct] = rnd * 100 / total;
      row[kSeqPct] = seq * 100 / total;
      row[kCount] = total;
      row[kKbytes] = bytes / 1024;
      row[kRandom] = rnd;
      row[kSequential] = seq;
    }
    cs::sink().table(t);
    cs::warn_uncounted(skel.obj(), "I/O not counted: more than " +
                                       std::to_string(BIOPATTERN_MAX_DISKS) + " disks");
  });
}

}  // namespace

CS_TOOL_MAIN(body)
