// Signal names and descriptions for the kernel's signal numbers (x86-64 Linux:
// 1..31 standard, 32..64 real-time), and parsing of what a user types.
//
//   cs::signal_name(9)             -> "SIGKILL"
//   cs::signal_name(36)            -> "SIGRTMIN+2"   (as `kill -l` numbers them)
//   cs::signal_description(11)     -> "Segmentation fault"  (as strsignal(3))
//   cs::parse_signal("term")       -> 15;  "SIGRTMAX-1" -> 63;  "9" -> 9
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace cs {

// The highest signal number the kernel knows (_NSIG on x86-64).
constexpr int kMaxSignal = 64;

// "SIGHUP".."SIGSYS", "SIG32", "SIG33" (the C library's internal signals),
// "SIGRTMIN", "SIGRTMIN+1".."SIGRTMIN+15", "SIGRTMAX-14".."SIGRTMAX"; any other
// number (0, negative, > 64) as its decimal value.
std::string signal_name(int sig);

// strsignal(3)'s English text: "Killed", "Real-time signal 3",
// "Unknown signal 99".
std::string signal_description(int sig);

// A signal as a user writes it: a number 0..64, or a name with or without the
// "SIG" prefix in any case ("kill", "SIGKILL", "Sigkill"), including aliases
// (IOT, POLL, CLD) and real-time forms ("RTMIN", "RTMIN+3", "RTMAX-2").
// nullopt when it is none of these.
std::optional<int> parse_signal(std::string_view text);

}  // namespace cs
