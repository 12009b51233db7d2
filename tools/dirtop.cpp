// dirtop: file reads and writes under chosen directories, the busiest first,
// a screen per interval, as bcc's dirtop shows them.
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <glob.h>
#include <linux/types.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/base/error.h"
#include "common/output/report.h"
#include "common/runtime/loop.h"
#include "common/runtime/maps.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/summaries/file_io_counts.h"
#include "common/summaries/top.h"
#include "common/system/file_io.h"
#include "dirtop.h"
#include "dirtop.skel.h"

namespace {

struct Dir {
  std::string path;
  dirtop_dir key{};
};

// Each pattern of -d (a glob, as bcc expands it) to the directories it
// matches, once each.
std::vector<Dir> directories(const std::vector<std::string>& patterns) {
  std::vector<Dir> dirs;
  std::set<std::pair<uint64_t, uint32_t>> seen;
  for (const std::string& p : patterns) {
    glob_t g{};
    int rc = glob(p.c_str(), GLOB_NOSORT | GLOB_BRACE, nullptr, &g);
    size_t before = dirs.size();
    for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) {
      struct stat st{};
      if (stat(g.gl_pathv[i], &st) != 0 || !S_ISDIR(st.st_mode)) continue;
      Dir d{g.gl_pathv[i]};
      d.key.ino = st.st_ino;
      d.key.dev = major(st.st_dev) << 20 | minor(st.st_dev);  // the kernel's encoding
      if (seen.insert({d.key.ino, d.key.dev}).second) dirs.push_back(d);
    }
    globfree(&g);
    if (dirs.size() == before) cs::usage_error("-d " + p + ": no directory matches");
  }
  if (dirs.size() > DIRTOP_MAX_DIRS)
    cs::usage_error("-d: " + std::to_string(dirs.size()) + " directories, at most " +
                    std::to_string(DIRTOP_MAX_DIRS));
  return dirs;
}

int body(int argc, char** argv) {
  cs::Cli cli("File reads and writes by directory");
  cs::TopOptions top;
  std::vector<std::string> patterns;
  cli.option("-d,--root-directories", patterns,
             "Select the directories to observe (globs, comma-separated or repeated)",
             "ROOTDIRECTORY")
      .pid_filter("-p,--pid", "Trace this PID only");
  cs::top_flags(cli, top, cs::file_io_sort_keys());
  cli.examples(R"(EXAMPLES:
  dirtop -d '/hdfs/uuid/*/yarn'        # directory I/O top, 1 second refresh
  dirtop -d '/hdfs/uuid/*/yarn' -C     # don't clear the screen
  dirtop -d '/hdfs/uuid/*/yarn' 5      # 5 second summaries
  dirtop -d '/hdfs/uuid/*/yarn' 5 10   # 5 second summaries, 10 times only
  dirtop -d '/hdfs/uuid/*/yarn,/hdfs/uuid/*/data'  # two sets of directories)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();
  if (patterns.empty()) cs::usage_error("-d ROOTDIRECTORY is required");
  std::vector<Dir> dirs = directories(patterns);

  cs::Skeleton<dirtop_bpf> skel(c);
  skel->rodata->cs_file_ops = CS_FILE_OP_BIT(CS_FILE_READ) | CS_FILE_OP_BIT(CS_FILE_WRITE);
  skel.load_and_attach();
  int dir_fd = bpf_map__fd(skel->maps.dirs), counts_fd = bpf_map__fd(skel->maps.counts);
  for (uint32_t i = 0; i < dirs.size(); i++)
    if (bpf_map_update_elem(dir_fd, &dirs[i].key, &i, BPF_ANY))
      cs::fail("cannot list " + dirs[i].path + ": " + cs::errno_text(errno));

  enum { kCounts, kPath };
  cs::FileIoCounts counts(8);
  cs::Record rec({
      {.nested = &counts.record()},
      {.header = "PATH", .key = "path"},
  }, "table");
  std::vector<dirtop_counts> last(dirs.size());
  return cs::run_loop(c, nullptr, [&] {
    // This interval's counts: the array only grows, so the difference.
    std::vector<std::pair<uint32_t, dirtop_counts>> rows;
    for (uint32_t i = 0; i < dirs.size(); i++) {
      dirtop_counts now{}, d{};
      if (bpf_map_lookup_elem(counts_fd, &i, &now)) continue;
      d.reads = now.reads - last[i].reads;
      d.writes = now.writes - last[i].writes;
      d.read_bytes = now.read_bytes - last[i].read_bytes;
      d.write_bytes = now.write_bytes - last[i].write_bytes;
      last[i] = now;
      if (d.reads || d.writes) rows.emplace_back(i, d);
    }
    cs::sort_by_weight(rows, [&](const dirtop_counts& v) {
      return cs::file_io_weight(top.sort, v.reads, v.writes, v.read_bytes, v.write_bytes);
    });
    cs::TableReport t(rec);
    for (auto& [i, v] : rows) {
      cs::Row& r = t.add_row();
      r[kCounts] = counts.add(v.reads, v.writes, v.read_bytes, v.write_bytes);
      r[kPath] = std::string_view(dirs[i].path);
    }
    cs::show_top(t, top);
    counts.clear();
  });
}

}  // namespace

CS_TOOL_MAIN(body)
