/* cpufreq: map layout shared by bpf/cpufreq.bpf.c and tools/cpufreq.cpp. */
#pragma once
#include "include/sizes.h"

#define CPUFREQ_COMM_LEN CS_COMM_LEN
/* Linear histogram of MHz: slot i holds [i * STEP, (i + 1) * STEP), the
 * last slot everything from (SLOTS - 1) * STEP up. */
#define CPUFREQ_SLOTS 26
#define CPUFREQ_STEP_MHZ 200

struct cpufreq_key {
	char comm[CPUFREQ_COMM_LEN];
};

struct cpufreq_hist {
	__u32 slots[CPUFREQ_SLOTS];
};
