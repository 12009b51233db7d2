// Notices: what a tool tells its user besides its output, one style for all.
//
//   cs::warn("2 stack traces could not be displayed: ...");
//     stderr: "execsnoop: warning: 2 stack traces ..."; with --json also
//     {"type":"warning","message":"..."} on stdout.
//   cs::report_lost(n);
//     stderr: "execsnoop: 12 events lost"; with --json {"type":"lost","events":12}.
#pragma once
#include <cstdint>
#include <string_view>

namespace cs {

void warn(std::string_view message);
void report_lost(uint64_t events);

}  // namespace cs
