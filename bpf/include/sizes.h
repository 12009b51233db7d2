/* Sizes the BPF programs and their frontends agree on, in one place (plain
 * C: included by both sides through the tools' bpf/<tool>.h). */
#pragma once

#define CS_COMM_LEN 16          /* TASK_COMM_LEN */
#define CS_HIST_SLOTS 27        /* log2 histogram slots (histogram.bpf.h) */
#define CS_MAX_STACK_DEPTH 127  /* frames a stack: perf's default --perf-max-stack-depth */
#define CS_STACK_STORAGE 16384  /* stacks kept: the default --stack-storage-size */
#define CS_MIN_COUNTS 10240     /* entries of a counts map, at least */
