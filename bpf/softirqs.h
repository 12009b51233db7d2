/* softirqs: map layout shared by bpf/softirqs.bpf.c and tools/softirqs.cpp.
 * The `stats` hash map is keyed by the vector number (__u32, HI_SOFTIRQ = 0
 * ...), value struct cs_irq_stat. */
#pragma once
#include "include/irq_stat.h"

#define SOFTIRQS_MAX_VEC 32 /* vectors counted; the kernel has 10 */
