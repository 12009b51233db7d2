// Time stamps: BPF records bpf_ktime_get_ns() (CLOCK_MONOTONIC); the columns
// want wall-clock HH:MM:SS (-T) or seconds since the tool started (-t).
#pragma once
#include <cstdint>
#include <string>

namespace cs {

uint64_t monotonic_ns();
// Wall-clock time of a monotonic timestamp, as "HH:MM:SS" in local time (or
// UTC after use_utc(), for --utc).
std::string wall_hms(uint64_t mono_ns);
void use_utc();
// The same with milliseconds: "HH:MM:SS.mmm".
std::string wall_hms_ms(uint64_t mono_ns);
// Wall-clock time now, as "HH:MM:SS".
std::string wall_hms_now();
// Seconds from the first call of this function (the tool's start) to mono_ns.
double seconds_since_start(uint64_t mono_ns);
void mark_start();

}  // namespace cs
