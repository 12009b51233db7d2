// Stack counts as one report: bcc's multi-line and folded layouts and the
// "stack" JSON lines, from the same rows.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/output/sink.h"

namespace {

// The report as a sink renders it, into a buffer that is never written.
std::string render(const cs::StackReport& r, bool json = false) {
  cs::Output out(-1);
  (json ? cs::make_json_sink(out) : cs::make_text_sink(out))->stacks(r);
  return out.buffer();
}

// A sleeper's two stacks, "--", and its waker's kernel stack hung upside
// down (offwaketime's shape), with -d between the sleeper's halves.
struct Pair {
  std::vector<std::string> user{"read", "main"}, kernel{"schedule", "do_sys_read"},
      waker{"try_to_wake_up", "pipe_write"};
  std::vector<uint64_t> kernel_ips{0xffffffff81000010, 0xffffffff81000020};
  cs::StackReport report;

  Pair() {
    report.unit = "usecs";
    report.stack_keys = {"ustack", "kstack", "waker_kstack"};
    report.chain = {{.stack = 0},
                    {.folded = "-", .line = "    -", .between_shown = true},
                    {.stack = 1},
                    {.folded = "--", .line = "    --"},
                    {.stack = 2, .callers_first = false}};
    report.folded_before = "{target}";
    report.folded_after = ";{waker}";
    report.head = "    waker:           {waker} {waker_tid}\n";
    report.tail = "    target:          {target} {tid}\n";
    report.text_before.push_back('\n');
    report.rows.push_back({.labels = {{"target", "cat"}, {"tid", 7u}, {"waker", "sh\x01"}, {"waker_tid", 9u}},
                           .stacks = {{true, user}, {true, kernel, kernel_ips}, {true, waker}},
                           .count = 1500});
    // No user stack (a kernel thread): no delimiter, the user key empty.
    report.rows.push_back({.labels = {{"target", "kw"}, {"tid", 2u}, {"waker", "sh"}, {"waker_tid", 9u}},
                           .stacks = {{}, {true, kernel}, {}},
                           .count = 3});
  }
};

TEST(stack_report, MultiLineText) {
  Pair p;
  EXPECT_EQ(render(p.report),
            "\n"
            "    waker:           sh\\x01 9\n"
            "    pipe_write\n"
            "    try_to_wake_up\n"
            "    --\n"
            "    schedule\n"
            "    do_sys_read\n"
            "    -\n"
            "    read\n"
            "    main\n"
            "    target:          cat 7\n"
            "        1500\n"
            "\n"
            "    waker:           sh 9\n"
            "    --\n"
            "    schedule\n"
            "    do_sys_read\n"
            "    target:          kw 2\n"
            "        3\n"
            "\n");
}

TEST(stack_report, MultiLineWithAddresses) {
  Pair p;
  p.report.rows.resize(1);
  p.report.chain = {{.stack = 1}};
  p.report.head = "\ttarget:          {target}\n";
  p.report.tail = "\t          waker: {waker}\n";
  p.report.indent = p.report.count_indent = "\t";
  p.report.with_addresses = true;
  p.report.text_before.clear();
  EXPECT_EQ(render(p.report),
            "\ttarget:          cat\n"
            "\tffffffff81000010 schedule\n"
            "\tffffffff81000020 do_sys_read\n"
            "\t          waker: sh\\x01\n"
            "\t1500\n"
            "\n");
}

TEST(stack_report, FoldedText) {
  Pair p;
  p.report.folded = true;
  p.report.text_before.clear();
  EXPECT_EQ(render(p.report),
            "cat;main;read;-;do_sys_read;schedule;--;try_to_wake_up;pipe_write;sh\\x01 1500\n"
            "kw;do_sys_read;schedule;--;sh 3\n");
}

TEST(stack_report, JsonLines) {
  Pair p;
  EXPECT_EQ(render(p.report, true),
            "{\"type\":\"stack\",\"target\":\"cat\",\"tid\":7,\"waker\":\"sh\\u0001\",\"waker_tid\":9,"
            "\"usecs\":1500,\"ustack\":[\"read\",\"main\"],\"kstack\":[\"schedule\",\"do_sys_read\"],"
            "\"waker_kstack\":[\"try_to_wake_up\",\"pipe_write\"]}\n"
            "{\"type\":\"stack\",\"target\":\"kw\",\"tid\":2,\"waker\":\"sh\",\"waker_tid\":9,"
            "\"usecs\":3,\"ustack\":[],\"kstack\":[\"schedule\",\"do_sys_read\"],\"waker_kstack\":[]}\n");
}

TEST(stack_report, NoRowsPrintTheTextBeforeOnly) {
  cs::StackReport r;
  r.text_before.push_back('\n');
  EXPECT_EQ(render(r), "\n");
  EXPECT_EQ(render(r, true), "");
}

}  // namespace
