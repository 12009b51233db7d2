// filetop: file reads and writes by thread and file, the busiest first, a
// screen per interval, as libbpf-tools' filetop shows them.
#include <bpf/libbpf.h>
#include <linux/types.h>

#include <string>
#include <string_view>

#include "common/base/fixed_str.h"
#include "common/output/report.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/file_io_counts.h"
#include "common/summaries/top.h"
#include "common/system/file_io.h"
#include "filetop.h"
#include "filetop.skel.h"

namespace {

int body(int argc, char** argv) {
  cs::Cli cli("Trace file reads/writes by process");
  cs::TopOptions top;
  bool all = false;
  cli.flag("-a,--all", all, "Include special files")
      .pid_filter("-p,--pid", "Process ID to trace");
  cs::top_flags(cli, top, cs::file_io_sort_keys());
  cli.examples(R"(EXAMPLES:
  filetop            # file I/O top, refresh every 1s
  filetop -p 1216    # only trace PID 1216
  filetop -s rbytes  # sort by read bytes (all, reads, writes, rbytes, wbytes)
  filetop -a         # include special files (sockets, pipes, devices)
  filetop -C 5 10    # 5 second summaries, 10 times, without clearing the screen
  filetop --json 5   # one JSON table per 5 second interval)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<filetop_bpf> skel(c);
  skel->rodata->cs_file_ops = CS_FILE_OP_BIT(CS_FILE_READ) | CS_FILE_OP_BIT(CS_FILE_WRITE);
  skel->rodata->cs_file_all = all;
  skel.load_and_attach();

  enum { kTid, kComm, kPid, kCounts, kKind, kFile, kIno, kDev };
  cs::FileIoCounts counts(7);
  cs::Record rec({
      {.header = "TID", .key = "tid", .width = 7},
      {.header = "COMM", .key = "comm", .width = 16},
      {.key = "pid", .text = false},
      {.nested = &counts.record()},
      {.header = "T", .key = "kind", .width = 1},
      {.header = "FILE", .key = "file"},
      {.key = "inode", .text = false},
      {.key = "dev", .text = false},
  }, "table");
  int fd = bpf_map__fd(skel->maps.counts);
  return cs::run_loop(c, nullptr, [&] {
    auto rows = cs::read_by_weight<filetop_key, filetop_value>(
        fd,
        [&](const filetop_value& v) {
          return cs::file_io_weight(top.sort, v.reads, v.writes, v.read_bytes, v.write_bytes);
        },
        true);
    cs::TableReport t(rec);
    for (auto& [k, v] : rows) {
      cs::Row& r = t.add_row();
      r[kTid] = k.tid;
      r[kComm] = cs::fixed_str(v.comm);
      r[kPid] = k.pid;
      r[kCounts] = counts.add(v.reads, v.writes, v.read_bytes, v.write_bytes);
      r[kKind] = std::string_view(&v.kind, 1);
      r[kFile] = cs::fixed_str(v.name);
      r[kIno] = k.ino;
      r[kDev] = k.dev;
    }
    cs::show_top(t, top);
    counts.clear();
  });
}

}  // namespace

CS_TOOL_MAIN(body)
