/* cpudist: the histograms are per-task log2 histograms, {__u32 key ->
 * struct cs_task_hist} (bpf/include/task_hist.h), keyed as knob key_mode says. */
#pragma once

#include "include/task_hist.h"
