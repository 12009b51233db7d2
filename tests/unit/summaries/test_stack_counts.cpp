// Pieces the stack-summary tools share (offcputime, wakeuptime,
// offwaketime, futexctn): trimming the tracer's own frames, folded lines in
// both directions, frame lines, missed stacks and the flags.
#include <gtest/gtest.h>

#include <cerrno>
#include <optional>
#include <string>
#include <vector>

#include "common/base/error.h"
#include "common/output/output.h"
#include "common/runtime/maps.h"
#include "common/runtime/tool.h"
#include "common/summaries/stack_counts.h"
#include "cli_args.h"

namespace {

cs::ResolvedStack stack(std::vector<std::string> frames, std::vector<uint64_t> ips = {}) {
  cs::ResolvedStack s;
  s.shown = true;
  s.frames = std::move(frames);
  s.ips = std::move(ips);
  return s;
}

TEST(stack_counts, TracingFramesAreRecognised) {
  for (const char* f : {"bpf_prog_6896d07dd3e1383c_sched_switch", "bpf_trace_run4", "__bpf_trace_sched_switch",
                        "__traceiter_sched_switch", "perf_trace_sched_switch", "perf_tp_event",
                        "trace_call_bpf", "perf_trace_run_bpf_submit", "bpf_trampoline_6442491343"})
    EXPECT_TRUE(cs::is_tracing_frame(f)) << f;
  for (const char* f : {"__schedule", "schedule", "try_to_wake_up", "do_nanosleep", "bpf_map_update_elem_x",
                        "[unknown]", ""})
    EXPECT_FALSE(cs::is_tracing_frame(f)) << f;
  // Only when asked: a frame kallsyms cannot name may be the traced code.
  EXPECT_TRUE(cs::is_tracing_frame("[unknown]", {.unknown = true}));
  EXPECT_FALSE(cs::is_tracing_frame("cap_capable", {.unknown = true}));
}

TEST(stack_counts, TrimCanDropUnknownFramesToo) {
  std::vector<std::string> f{"[unknown]", "bpf_trampoline_6442491343", "[unknown]", "cap_capable", "[unknown]"};
  std::vector<uint64_t> ips{1, 2, 3, 4, 5};
  std::vector<std::string> kept = f;
  std::vector<uint64_t> kept_ips = ips;
  cs::trim_tracing_frames(kept, kept_ips);
  EXPECT_EQ(kept, f);  // "[unknown]" first: not the tracer's unless asked
  cs::trim_tracing_frames(f, ips, {.unknown = true});
  EXPECT_EQ(f, (std::vector<std::string>{"cap_capable", "[unknown]"}));
  EXPECT_EQ(ips, (std::vector<uint64_t>{4, 5}));
}

TEST(stack_counts, TrimDropsOnlyLeadingTracingFrames) {
  std::vector<std::string> f{"bpf_prog_1e63a9e15492c3dc_sched_wakeup", "bpf_trace_run1", "ttwu_do_activate",
                             "try_to_wake_up", "perf_trace_x"};
  std::vector<uint64_t> ips{1, 2, 3, 4, 5};
  cs::trim_tracing_frames(f, ips);
  EXPECT_EQ(f, (std::vector<std::string>{"ttwu_do_activate", "try_to_wake_up", "perf_trace_x"}));
  EXPECT_EQ(ips, (std::vector<uint64_t>{3, 4, 5}));
  // A stack of nothing but tracing frames stays as it is: better than empty.
  std::vector<std::string> only{"bpf_prog_x", "bpf_trace_run2"};
  std::vector<uint64_t> two{1, 2};
  cs::trim_tracing_frames(only, two);
  EXPECT_EQ(only.size(), 2u);
  EXPECT_EQ(two.size(), 2u);
}

TEST(stack_counts, FoldedLineBothDirections) {
  std::string out;
  cs::ResolvedStack user = stack({"read", "block_target", "main"});
  cs::ResolvedStack kernel = stack({"__schedule", "schedule", "pipe_read"});
  cs::FoldedLine(out, "sleeper").callers_first(user).frame("-").callers_first(kernel).frame("--")
      .innermost_first(stack({"try_to_wake_up", "pipe_write"}))
      .innermost_first(stack({"write", "waker_fn"}))
      .frame("waker")
      .end(1234);
  EXPECT_EQ(out,
            "sleeper;main;block_target;read;-;pipe_read;schedule;__schedule;--;"
            "try_to_wake_up;pipe_write;write;waker_fn;waker 1234\n");
}

TEST(stack_counts, FoldedLineSkipsPartsNotShownAndEscapes) {
  std::string out;
  cs::ResolvedStack none;  // -U/-K or -EFAULT
  cs::FoldedLine(out, "bad\ncomm").callers_first(none).innermost_first(none).frame("f\x01").end(0);
  EXPECT_EQ(out, "bad\\ncomm;f\\x01 0\n");
}

TEST(stack_counts, FrameLinesInnermostFirstCallersFirstAndAddresses) {
  cs::ResolvedStack s = stack({"try_to_wake_up", "pipe_write"}, {0xffffffff813a88b4, 0xffffffff81700010});
  std::string out;
  cs::append_frame_lines(out, s);
  EXPECT_EQ(out, "    try_to_wake_up\n    pipe_write\n");
  out.clear();
  cs::append_frame_lines(out, s, {.callers_first = true});
  EXPECT_EQ(out, "    pipe_write\n    try_to_wake_up\n");
  out.clear();
  cs::append_frame_lines(out, s, {.indent = "\t", .with_addresses = true});
  EXPECT_EQ(out, "\tffffffff813a88b4 try_to_wake_up\n\tffffffff81700010 pipe_write\n");
  // A short address is padded to 16 columns; a missed stack has no address.
  out.clear();
  cs::append_frame_lines(out, stack({"main"}, {0x401000}), {.indent = "\t", .with_addresses = true});
  EXPECT_EQ(out, "\t401000           main\n");
  out.clear();
  cs::append_frame_lines(out, stack({"[Missed User Stack]"}), {.indent = "\t", .with_addresses = true});
  EXPECT_EQ(out, "\t[Missed User Stack]\n");
  out.clear();
  cs::append_frame_lines(out, cs::ResolvedStack{});
  EXPECT_EQ(out, "");
}

TEST(stack_counts, ResolverHonoursSidesAndCountsMissedStacks) {
  // No map (fd -1): only ids that need no lookup, and ids the lookup loses.
  cs::StackResolver both(-1, 127);
  EXPECT_FALSE(both.kernel(-EFAULT).shown);
  EXPECT_FALSE(both.user(-EFAULT, 1).shown);
  cs::ResolvedStack k = both.kernel(-EEXIST);
  EXPECT_TRUE(k.shown && k.missed);
  EXPECT_EQ(k.frames, std::vector<std::string>{"[Missed Kernel Stack]"});
  cs::ResolvedStack u = both.user(7, 1);  // a valid id the map does not have
  EXPECT_TRUE(u.shown && u.missed);
  EXPECT_EQ(u.frames, std::vector<std::string>{"[Missed User Stack]"});
  EXPECT_EQ(both.missed(), 2u);
  testing::internal::CaptureStderr();
  EXPECT_TRUE(both.warn_missed());
  std::string err = testing::internal::GetCapturedStderr();
  const std::string w = cs::tool_name() + ": warning: ";
  EXPECT_EQ(err, w + "1 stack traces could not be displayed: another stack held their slot in the "
                     "stack map; a larger --stack-storage-size makes that rarer\n" +
                     w + "1 stack traces could not be displayed: the kernel did not record them\n");
  EXPECT_EQ(both.missed(), 0u);  // one warning per summary
  EXPECT_FALSE(both.warn_missed());

  cs::StackResolver user_only(-1, 127, {.user = true, .kernel = false});
  EXPECT_FALSE(user_only.kernel(-EEXIST).shown);  // -U: not even missed
  EXPECT_EQ(user_only.missed(), 0u);
  cs::StackResolver kernel_only(-1, 127, {.user = false, .kernel = true});
  EXPECT_FALSE(kernel_only.user(3, 1).shown);
}

TEST(stack_counts, ResolverReportsMissedErrors) {
  cs::StackResolver r(-1, 127);
  cs::ResolvedStack u = r.user(-ENOMEM, 1);
  EXPECT_TRUE(u.shown && u.missed);
  EXPECT_EQ(u.error, -ENOMEM);
  EXPECT_EQ(r.kernel(5).error, -ENOENT);  // a valid id the map (none here) lacks
}

TEST(stack_counts, SortByWeightHeaviestFirstStable) {
  std::vector<std::pair<int, uint64_t>> rows{{1, 5}, {2, 9}, {3, 5}, {4, 0}, {5, 9}};
  cs::sort_by_weight(rows, [](uint64_t v) { return v; });
  std::vector<int> keys;
  for (auto& [k, v] : rows) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<int>{2, 5, 1, 3, 4}));
}

TEST(stack_counts, BlockTimeInNanosecondsSaturates) {
  cs::BlockTimeOptions o;
  EXPECT_EQ(o.min_ns(), 1000u);
  EXPECT_EQ(o.max_ns(), UINT64_MAX);
  o.min_us = 250;
  o.max_us = UINT64_MAX / 1000 + 1;
  EXPECT_EQ(o.min_ns(), 250000u);
  EXPECT_EQ(o.max_ns(), UINT64_MAX);
  o.max_us = 100;
  try {
    cs::check_block_time_options(o);
    FAIL() << "-m above -M accepted";
  } catch (const cs::Fatal& f) {
    EXPECT_EQ(f.code, cs::kExitUsage);
    EXPECT_NE(std::string(f.what()).find("--min-block-time 250 exceeds --max-block-time 100"), std::string::npos);
  }
}

struct Flags {
  std::optional<int> rc;
  cs::StackMapOptions stacks;
  cs::BlockTimeOptions block;
};

Flags parse(std::vector<std::string> args) {
  Flags f;
  cs::Cli cli("test");
  cs::add_stack_map_options(cli, f.stacks);
  cs::add_block_time_options(cli, f.block);
  testing::internal::CaptureStderr();
  f.rc = cstest::parse_args(cli, std::move(args));
  testing::internal::GetCapturedStderr();
  return f;
}

TEST(stack_counts, StackAndBlockFlags) {
  Flags d = parse({});
  EXPECT_FALSE(d.rc);
  EXPECT_EQ(d.stacks.depth, 127u);
  EXPECT_EQ(d.stacks.storage, 16384u);
  Flags f = parse({"--perf-max-stack-depth", "64", "--stack-storage-size", "2048", "-m", "10", "-M", "20"});
  EXPECT_FALSE(f.rc);
  EXPECT_EQ(f.stacks.depth, 64u);
  EXPECT_EQ(f.stacks.storage, 2048u);
  EXPECT_EQ(f.block.min_us, 10u);
  EXPECT_EQ(f.block.max_us, 20u);
  for (auto bad : std::vector<std::vector<std::string>>{
           {"--perf-max-stack-depth", "0"}, {"--stack-storage-size", "0"}, {"-m", "x"}, {"-M", "1.5"}})
    EXPECT_EQ(parse(bad).rc, 2) << bad[0];
}

TEST(stack_counts, BannerGoesToStdoutInTextModeElseStderr) {
  cs::Common c;
  cs::out().buffer().clear();
  cs::print_banner(c, "Tracing... Hit Ctrl-C to end.\n");
  EXPECT_EQ(cs::out().buffer(), "Tracing... Hit Ctrl-C to end.\n");
  cs::out().buffer().clear();
  for (bool json : {true, false}) {
    c.json = json;
    c.folded = !json;
    testing::internal::CaptureStderr();
    cs::print_banner(c, "Tracing... Hit Ctrl-C to end.\n");
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "Tracing... Hit Ctrl-C to end.\n");
    EXPECT_EQ(cs::out().buffer(), "");
  }
}

}  // namespace
