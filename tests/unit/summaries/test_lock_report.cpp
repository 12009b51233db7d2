// common/lock_report: klockstat's durations, call paths with the lock code
// skipped (against a kallsyms fixture), row merging, sort specs, and the
// tables byte for byte as libbpf-tools' klockstat lays them out.
#include <gtest/gtest.h>

#include "common/base/error.h"
#include "common/output/sink.h"
#include "common/symbols/ksyms.h"
#include "common/summaries/lock_report.h"
#include "json_value.h"

namespace {

TEST(lock_report, Durations) {
  EXPECT_EQ(cs::lock_duration(0), "0 ns");
  EXPECT_EQ(cs::lock_duration(999), "999 ns");
  EXPECT_EQ(cs::lock_duration(1000), "1.0 us");
  EXPECT_EQ(cs::lock_duration(4712), "4.7 us");
  EXPECT_EQ(cs::lock_duration(2500000), "2.5 ms");
  EXPECT_EQ(cs::lock_duration(3000000000ull), "3.0 s ");
  EXPECT_EQ(cs::lock_duration(90000000000ull), "1.5 m ");
  EXPECT_EQ(cs::lock_duration(7200000000000ull), "2.0 h ");
}

TEST(lock_report, LockInternals) {
  for (const char* f : {"__mutex_lock.constprop.0", "mutex_lock", "mutex_lock_killable",
                        "__mutex_lock_slowpath", "bpf_prog_38a300a1b42d881a_contention_begin__btf",
                        "bpf_trace_run2", "bpf_trampoline_6442512345", "down_read", "down_write_killable",
                        "rwsem_down_write_slowpath", "__down_common", "down", "up", "up_write",
                        "percpu_down_write", "rt_mutex_slowlock", "queued_spin_lock_slowpath",
                        "__traceiter_contention_begin"})
    EXPECT_TRUE(cs::is_lock_internal(f)) << f;
  for (const char* f : {"pipe_write", "anon_pipe_write", "update_curr", "downgrade_write_thing",
                        "mutex_is_locked", "vfs_write", "kernfs_fop_write_iter", ""})
    EXPECT_FALSE(cs::is_lock_internal(f)) << f;
}

const char* const kKallsyms =
    "ffffffff81000000 T _stext\n"
    "ffffffff81100000 t bpf_trace_run2\n"
    "ffffffff81200000 t __mutex_lock.constprop.0\n"
    "ffffffff81300000 T anon_pipe_write\n"
    "ffffffff81400000 T vfs_write\n"
    "ffffffff81500000 T mutex_lock\n"
    "ffffffff82000000 D cs_fixture_mutex\n";

TEST(lock_report, CallerFramesSkipTheLockCodeAtTheTopOnly) {
  cs::KernelSymbols ks;
  ks.parse(kKallsyms);
  std::vector<uint64_t> ips = {0xffffffff81100159, 0xffffffff812001f1, 0xffffffff81300043,
                               0xffffffff81500010, 0xffffffff81400398};
  EXPECT_EQ(cs::lock_caller_frames(ks, ips),
            (std::vector<std::string>{"anon_pipe_write+0x43", "mutex_lock+0x10", "vfs_write+0x398"}));
  EXPECT_EQ(cs::lock_caller_frames(ks, {0x10, 0xffffffff81400001}),
            (std::vector<std::string>{"Unknown", "vfs_write+0x1"}));
  EXPECT_TRUE(cs::lock_caller_frames(ks, {0xffffffff81200001}).empty());
}

TEST(lock_report, LockSymbolAndAddress) {
  cs::KernelSymbols ks;
  ks.parse(kKallsyms);
  EXPECT_EQ(cs::lock_symbol(ks, 0xffffffff82000000), "cs_fixture_mutex");
  EXPECT_EQ(cs::lock_symbol(ks, 0xffffffff82000008), "no-ksym");  // inside it: not the lock
  EXPECT_EQ(cs::lock_address(ks, "cs_fixture_mutex"), 0xffffffff82000000u);
  EXPECT_EQ(cs::lock_address(ks, "0xffff888138628d80"), 0xffff888138628d80u);
  for (const char* bad : {"no_such_lock", "0x", "0xzz", "12345"}) {
    try {
      cs::lock_address(ks, bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const cs::Fatal& e) {
      EXPECT_EQ(e.code, cs::kExitUsage) << bad;
    }
  }
}

TEST(lock_report, SortSpecs) {
  cs::LockSort a = cs::LockSort::Max, h = cs::LockSort::Max;
  ASSERT_TRUE(cs::parse_lock_sort("acq_count", a, h));
  EXPECT_EQ(a, cs::LockSort::Count);
  EXPECT_EQ(h, cs::LockSort::Max);
  ASSERT_TRUE(cs::parse_lock_sort("hld_total,acq_max", a, h));
  EXPECT_EQ(a, cs::LockSort::Max);
  EXPECT_EQ(h, cs::LockSort::Total);
  for (const char* bad : {"", "max", "acq_", "acq_min", "hld_max,", "acq_max,bogus", "ACQ_MAX"})
    EXPECT_FALSE(cs::parse_lock_sort(bad, a, h)) << bad;
}

cs::LockTimes t(uint64_t count, uint64_t total, uint64_t max, uint32_t pid, const char* comm) {
  return {count, total, max, pid, comm, 0xffff888100000000ull + pid, "no-ksym"};
}

std::string render(const std::vector<cs::LockRow>& rows, const cs::LockReportOptions& o,
                   bool json = false) {
  cs::Output out(-1);
  auto sink = json ? cs::make_json_sink(out) : cs::make_text_sink(out);
  cs::LockReport report(rows, o);
  sink->table(report.table());
  return out.buffer();
}

std::vector<cs::LockRow> sample_rows() {
  std::vector<cs::LockRow> rows(3);
  rows[0].frames = {"anon_pipe_write+0x43", "vfs_write+0x398", "ksys_write+0xba"};
  rows[0].wait = t(244, 106800, 19400, 100, "writer");
  rows[0].hold = t(244, 500000, 4000, 101, "writer");
  rows[1].frames = {"anon_pipe_read+0x54", "vfs_read+0x32c"};
  rows[1].wait = t(3, 6800, 6300, 102, "reader");
  rows[1].hold = t(3, 900000, 800000, 102, "reader");
  rows[2].frames = {"anon_pipe_write+0x43", "vfs_writev+0x10"};  // same caller, deeper differs
  rows[2].wait = t(10, 50000, 30000, 103, "other");
  rows[2].hold = t(10, 1000, 200, 103, "other");
  return rows;
}

TEST(lock_report, MergeByShownFrames) {
  std::vector<cs::LockRow> m = cs::merge_lock_rows(sample_rows(), 1);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].frames[0], "anon_pipe_write+0x43");
  EXPECT_EQ(m[0].wait.count, 254u);
  EXPECT_EQ(m[0].wait.total_ns, 156800u);
  EXPECT_EQ(m[0].wait.max_ns, 30000u);  // row 2's, with who had it
  EXPECT_EQ(m[0].wait.max_pid, 103u);
  EXPECT_EQ(m[0].wait.max_comm, "other");
  EXPECT_EQ(m[0].hold.max_pid, 101u);  // row 0 kept its larger hold
  EXPECT_EQ(cs::merge_lock_rows(sample_rows(), 2).size(), 3u);
}

// Both tables of one report, each in its own order.
TEST(lock_report, WaitAndHoldTablesAsLibbpfTools) {
  std::vector<cs::LockRow> rows = cs::merge_lock_rows(sample_rows(), 1);
  EXPECT_EQ(render(rows, {}),
            "\n"
            "                               Caller  Avg Wait    Count   Max Wait   Total Wait\n"
            "                 anon_pipe_write+0x43    617 ns      254    30.0 us     156.8 us\n"
            "                  anon_pipe_read+0x54    2.3 us        3     6.3 us       6.8 us\n"
            "\n"
            "                               Caller  Avg Hold    Count   Max Hold   Total Hold\n"
            "                  anon_pipe_read+0x54  300.0 us        3   800.0 us     900.0 us\n"
            "                 anon_pipe_write+0x43    2.0 us      254     4.0 us     501.0 us\n");
}

// -s 2: a header above each row, the next frame and the Max PID line under
// it, in the hold table the longest hold's.
TEST(lock_report, StacksRowsLimitAndSort) {
  cs::LockReportOptions o{.max_rows = 2, .stack_entries = 2, .wait_sort = cs::LockSort::Count,
                          .hold_sort = cs::LockSort::Total};
  EXPECT_EQ(render(sample_rows(), o),
            "\n"
            "                               Caller  Avg Wait    Count   Max Wait   Total Wait\n"
            "                 anon_pipe_write+0x43    437 ns      244    19.4 us     106.8 us\n"
            "                      vfs_write+0x398\n"
            "                              Max PID 100, COMM writer, Lock no-ksym (0xffff888100000064)\n"
            "\n"
            "                               Caller  Avg Wait    Count   Max Wait   Total Wait\n"
            "                 anon_pipe_write+0x43    5.0 us       10    30.0 us      50.0 us\n"
            "                      vfs_writev+0x10\n"
            "                              Max PID 103, COMM other, Lock no-ksym (0xffff888100000067)\n"
            "\n"
            "                               Caller  Avg Hold    Count   Max Hold   Total Hold\n"
            "                  anon_pipe_read+0x54  300.0 us        3   800.0 us     900.0 us\n"
            "                       vfs_read+0x32c\n"
            "                              Max PID 102, COMM reader, Lock no-ksym (0xffff888100000066)\n"
            "\n"
            "                               Caller  Avg Hold    Count   Max Hold   Total Hold\n"
            "                 anon_pipe_write+0x43    2.0 us      244     4.0 us     500.0 us\n"
            "                      vfs_write+0x398\n"
            "                              Max PID 101, COMM writer, Lock no-ksym (0xffff888100000065)\n");
}

TEST(lock_report, PerThreadTableEscapesComm) {
  std::vector<cs::LockRow> rows(1);
  rows[0].tid = 4242;
  rows[0].comm = "evil\nname";
  rows[0].wait = t(2, 3000, 2000, 4242, "evil\nname");
  EXPECT_EQ(render(rows, {.per_thread = true, .hold_times = false}),
            "\n"
            "                Tid              Comm  Avg Wait    Count   Max Wait   Total Wait\n"
            "               4242        evil\\nname    1.5 us        2     2.0 us       3.0 us\n");
  // A comm escaped past its 16 columns pushes the tid left, as "%37s" of "%u  %16s" does.
  rows[0].comm = "\x01\x02\x03\x04\x05";
  EXPECT_EQ(render(rows, {.per_thread = true, .hold_times = false}),
            "\n"
            "                Tid              Comm  Avg Wait    Count   Max Wait   Total Wait\n"
            "           4242  \\x01\\x02\\x03\\x04\\x05    1.5 us        2     2.0 us       3.0 us\n");
}

// Nothing at all for no rows: not even the header.
TEST(lock_report, NoRowsNoText) { EXPECT_EQ(render({}, {}), ""); }

TEST(lock_report, Json) {
  std::vector<cs::LockRow> rows = sample_rows();
  EXPECT_EQ(render(rows, {.max_rows = 1}, true),
            R"({"type":"table","time":"","hold_times":true,"locks":[{"caller":"anon_pipe_write+0x43",)"
            R"("stack":["anon_pipe_write+0x43"],"wait":{"count":10,"total_ns":50000,"max_ns":30000,)"
            R"("avg_ns":5000,"max_pid":103,"max_comm":"other","max_lock":"no-ksym",)"
            R"("max_lock_addr":"0xffff888100000067"},"hold":{"count":10,"total_ns":1000,"max_ns":200,)"
            R"("avg_ns":100,"max_pid":103,"max_comm":"other","max_lock":"no-ksym",)"
            R"("max_lock_addr":"0xffff888100000067"}}]})"
            "\n");
  std::string j = render(rows, {.max_rows = 2, .stack_entries = 3, .hold_times = false}, true);
  auto v = cstest::parse_json(j);
  ASSERT_TRUE(v.has_value()) << j;
  EXPECT_EQ((*v)["hold_times"].kind, cstest::JsonValue::Bool);
  const cstest::JsonValue& locks = (*v)["locks"];
  ASSERT_EQ(locks.items.size(), 2u);
  EXPECT_EQ(locks[0]["stack"].items.size(), 2u);  // all it has
  EXPECT_EQ(locks[1]["stack"].items.size(), 3u);
  EXPECT_EQ(locks[1]["caller"].str, "anon_pipe_write+0x43");
  EXPECT_EQ(locks[1]["wait"]["max_pid"].num, 100);
  EXPECT_EQ(locks[0]["hold"].kind, cstest::JsonValue::Null);
  EXPECT_FALSE(locks[0].has("tid"));

  rows[0].tid = 7;
  rows[0].comm = "w";
  j = render({rows[0]}, {.per_thread = true}, true);
  v = cstest::parse_json(j);
  ASSERT_TRUE(v.has_value()) << j;
  EXPECT_EQ((*v)["locks"][0]["tid"].num, 7);
  EXPECT_EQ((*v)["locks"][0]["comm"].str, "w");
  EXPECT_FALSE((*v)["locks"][0].has("caller"));
  EXPECT_FALSE((*v)["locks"][0].has("stack"));
  EXPECT_EQ((*v)["locks"][0]["hold"]["count"].num, 244);
}

}  // namespace
