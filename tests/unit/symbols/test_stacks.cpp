// Stack rendering shared by the stack tools: bcc's folded and multi-line
// layouts, delimiters, missing stacks, escaping, JSON.
#include <gtest/gtest.h>

#include <cerrno>

#include "common/output/sink.h"
#include "common/symbols/stacks.h"
#include "json_value.h"

namespace {

cs::StackPart part(std::vector<std::string> frames) {
  cs::StackPart p;
  p.shown = true;
  p.frames = std::move(frames);
  return p;
}

cs::StackRecord sample() {
  cs::StackRecord r;
  r.comm = "busy";
  r.pid = 42;
  r.count = 7;
  r.user = part({"inner_user", "middle", "main"});
  r.kernel = part({"clear_user", "read_zero", "do_syscall_64"});
  return r;
}

// profile's rows in the comm-and-stack layout, as the text or JSON sink
// renders them.
std::string render(const cs::StackRecord& r, bool folded, bool delimited, bool json = false) {
  cs::Output out(-1);
  cs::StackReport rep = cs::user_kernel_stack_report(folded, delimited, "    -                {comm} ({pid})\n");
  rep.rows.push_back({.labels = {{"comm", r.comm}, {"pid", r.pid}},
                      .stacks = cs::user_kernel_frames(r),
                      .count = r.count});
  (json ? cs::make_json_sink(out) : cs::make_text_sink(out))->stacks(rep);
  return out.buffer();
}

TEST(stacks, FoldedPutsUserThenKernelCallersFirst) {
  EXPECT_EQ(render(sample(), true, false),
            "busy;main;middle;inner_user;do_syscall_64;read_zero;clear_user 7\n");
  EXPECT_EQ(render(sample(), true, true),
            "busy;main;middle;inner_user;-;do_syscall_64;read_zero;clear_user 7\n");
}

TEST(stacks, FoldedWithOneSideOnly) {
  cs::StackRecord r = sample();
  r.kernel = cs::StackPart{};  // -EFAULT / -U: nothing, and no delimiter
  EXPECT_EQ(render(r, true, true), "busy;main;middle;inner_user 7\n");
  r = sample();
  r.user = cs::StackPart{};
  EXPECT_EQ(render(r, true, true), "busy;do_syscall_64;read_zero;clear_user 7\n");
}

TEST(stacks, MultiLineMatchesBcc) {
  EXPECT_EQ(render(sample(), false, false),
            "    clear_user\n    read_zero\n    do_syscall_64\n"
            "    inner_user\n    middle\n    main\n"
            "    -                busy (42)\n"
            "        7\n\n");
  std::string out = render(sample(), false, true);
  EXPECT_NE(out.find("    do_syscall_64\n    --\n    inner_user\n"), std::string::npos) << out;
}

TEST(stacks, MissedStackIds) {
  EXPECT_TRUE(cs::stack_id_missed(-EEXIST));
  EXPECT_TRUE(cs::stack_id_missed(-ENOMEM));
  EXPECT_FALSE(cs::stack_id_missed(-EFAULT));
  EXPECT_FALSE(cs::stack_id_missed(3));
}

TEST(stacks, UntrustedTextIsEscaped) {
  cs::StackRecord r = sample();
  r.comm = "evil\nname";
  r.user = part({"f\x1b[31m"});
  std::string out = render(r, true, false);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\n'), out.size() - 1);
  out = render(r, false, false);
  EXPECT_NE(out.find("evil\\nname (42)"), std::string::npos) << out;
}

TEST(stacks, Json) {
  cs::StackRecord r = sample();
  r.user = cs::StackPart{};
  std::string line = render(r, false, false, true);
  ASSERT_EQ(line.back(), '\n');
  std::string err;
  auto parsed = cstest::parse_json(line, &err);
  ASSERT_TRUE(parsed) << err;
  const cstest::JsonValue& j = *parsed;
  EXPECT_EQ(j["type"].str, "stack");
  EXPECT_EQ(j["comm"].str, "busy");
  EXPECT_EQ(j["pid"].num, 42);
  EXPECT_EQ(j["count"].num, 7);
  EXPECT_EQ(j["ustack"].items.size(), 0u);
  ASSERT_EQ(j["kstack"].items.size(), 3u);
  EXPECT_EQ(j["kstack"][0].str, "clear_user");
  // The keys in the order the tools have always printed them.
  EXPECT_EQ(line.substr(0, line.find("\"ustack\"")), R"({"type":"stack","comm":"busy","pid":42,"count":7,)");
}

// Each cause gets its own line and only the advice that helps it.
TEST(stacks, LossesAreToldApartByCause) {
  cs::StackLosses l;
  EXPECT_TRUE(l.take_warnings(1024).empty());
  for (int64_t e : {-EEXIST, -EEXIST, -ENOMEM, -EINVAL}) l.count(e);
  EXPECT_EQ(l.total(), 4u);
  EXPECT_EQ(l.take_warnings(1024),
            (std::vector<std::string>{
                "2 stack traces could not be displayed: another stack held their slot in the "
                "stack map (1024 entries); a larger --stack-storage-size makes that rarer",
                "1 stack traces could not be displayed: the stack map (1024 entries) was full; "
                "consider increasing --stack-storage-size",
                "1 stack traces could not be displayed: the kernel did not record them"}));
  EXPECT_EQ(l.total(), 0u);  // counted again from zero
  l.count(-EFAULT);
  EXPECT_EQ(l.take_warnings(0),
            std::vector<std::string>{"1 stack traces could not be displayed: the kernel did not record them"});
}

}  // namespace
