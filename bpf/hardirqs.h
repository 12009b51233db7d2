/* hardirqs: map layout shared by bpf/hardirqs.bpf.c and tools/hardirqs.cpp. */
#pragma once
#include "include/irq_stat.h"

/* Key of the `stats` hash map (value struct cs_irq_stat): the handler's
 * name as /proc/interrupts shows it, NUL-padded. */
struct hardirqs_key {
	char name[CS_IRQ_NAME_LEN];
};
