/* runqlat keeps per-task histograms in the shared layout of
 * bpf/include/task_hist.h; nothing else crosses to the frontend. */
#pragma once
#include "include/task_hist.h"
