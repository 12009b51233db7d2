// cachetop: page-cache hits, misses and dirtied buffers per process, one
// screen per interval, as bcc's cachetop (on the top kit).
#include <bpf/libbpf.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/base/fixed_str.h"
#include "common/output/record.h"
#include "common/output/report.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/page_cache.h"
#include "common/summaries/top.h"
#include "cachetop.h"
#include "cachetop.skel.h"

namespace {

// bcc's cachetop arithmetic: accesses are page accesses and buffers
// dirtied, misses pages added and pages dirtied; the read and write hit
// ratios are the accesses and the pages added of all of them.
struct Stats {
  uint64_t hits, misses, dirties;
  double read_hit, write_hit;
  cachetop_counts raw;
};

Stats stats_of(const cachetop_counts& c) {
  uint64_t access = c.n[CS_PC_ACCESSED] + c.n[CS_PC_BUFFERS_DIRTIED];
  uint64_t misses = c.n[CS_PC_ADDED] + c.n[CS_PC_DIRTIED];
  double all = static_cast<double>(access + misses);
  return {access, misses, c.n[CS_PC_BUFFERS_DIRTIED],
          all > 0 ? 100.0 * c.n[CS_PC_ACCESSED] / all : 0.0,
          all > 0 ? 100.0 * c.n[CS_PC_ADDED] / all : 0.0, c};
}

int body(int argc, char** argv) {
  cs::Cli cli("Show Linux page cache hit/miss statistics including read and write hit % per "
              "processes in a UI like top.");
  cs::TopOptions top;
  cli.pid_filter("-p,--pid", "Trace this PID only");
  cs::top_flags(cli, top, {"hits", "misses", "dirties", "read_hit", "write_hit"});
  cli.examples(R"(EXAMPLES:
  cachetop              # one screen per second, the most hits first
  cachetop -s misses 5  # the most misses first, every 5 seconds
  cachetop -C -r 10     # keep the scrollback, ten processes a screen
  cachetop --json       # one JSON table per interval)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::PageCacheHooks hooks(c);
  cs::Skeleton<cachetop_bpf> skel(c, hooks.plan());
  skel.load_and_attach();
  bool hits = hooks.hits_counted(skel.prepared().tier, "HITS, READ_HIT% and WRITE_HIT% show -");

  enum { kPid, kUid, kComm, kHits, kMisses, kDirties, kReadHit, kWriteHit, kAccessed, kAdded, kDirtied };
  cs::Record rec({
      {.header = "PID", .key = "pid", .width = 8, .right = true},
      {.header = "UID", .key = "uid", .width = 8},
      {.header = "CMD", .key = "comm", .width = 16},
      {.header = "HITS", .key = "hits", .width = 8, .right = true},
      {.header = "MISSES", .key = "misses", .width = 8, .right = true},
      {.header = "DIRTIES", .key = "dirties", .width = 8, .right = true},
      // bcc's "%9.1f%%": the header as wide as the value and its sign.
      {.header = " READ_HIT%", .key = "read_hit_pct", .width = 9, .right = true, .precision = 1, .suffix = "%"},
      {.header = "WRITE_HIT%", .key = "write_hit_pct", .width = 9, .right = true, .precision = 1, .suffix = "%"},
      {.key = "accessed", .text = false},
      {.key = "added", .text = false},
      {.key = "dirtied", .text = false},
  });

  if (!hits)  // "-", not "-%"
    for (int i : {kReadHit, kWriteHit}) rec[i].suffix = "", rec[i].width = 10;

  int fd = bpf_map__fd(skel->maps.counts);
  return cs::run_loop(c, nullptr, [&] {
    auto rows = cs::read_hash_map<cachetop_key, cachetop_counts>(fd, true);
    std::vector<std::pair<cachetop_key, Stats>> by;
    by.reserve(rows.size());
    for (auto& [k, v] : rows) by.emplace_back(k, stats_of(v));
    auto weight = [&](const Stats& s) -> double {
      if (top.sort == "misses") return s.misses;
      if (top.sort == "dirties") return s.dirties;
      if (top.sort == "read_hit") return s.read_hit;
      if (top.sort == "write_hit") return s.write_hit;
      return s.hits;
    };
    cs::sort_by_weight(by, weight);
    cs::TableReport t(rec);
    t.header_if_empty = true;
    for (auto& [k, s] : by) {
      const std::pair<int, cs::Value> cells[] = {
          {kPid, k.pid},
          {kUid, k.uid},
          {kComm, cs::fixed_str(k.comm)},
          {kMisses, s.misses},
          {kDirties, s.dirties},
          {kAdded, s.raw.n[CS_PC_ADDED]},
          {kDirtied, s.raw.n[CS_PC_DIRTIED]},
          // Each of these needs the accesses: "-" and null without them.
          {kHits, hits ? cs::Value(s.hits) : cs::Value()},
          {kReadHit, hits ? cs::Value(s.read_hit) : cs::Value()},
          {kWriteHit, hits ? cs::Value(s.write_hit) : cs::Value()},
          {kAccessed, hits ? cs::Value(s.raw.n[CS_PC_ACCESSED]) : cs::Value()},
      };
      cs::Row& r = t.add_row();
      for (const auto& [col, v] : cells) r[col] = v;
    }
    cs::show_top(t, top);
    cs::warn_uncounted(skel.obj(), "page-cache events not counted: the process map was full");
  });
}

}  // namespace

CS_TOOL_MAIN(body)
