/* biolatpcts: map layout shared by bpf/biolatpcts.bpf.c and tools/biolatpcts.cpp. */
#pragma once

/* Latency slots, as bcc's biolatpcts keeps them: per operation (read, write,
 * discard, flush) 100 slots of 100 ms; what falls in the first of them again
 * in 100 slots of 1 ms, and what falls in the first of those in 100 slots of
 * 10 us.  Index: tier * 400 + op * 100 + slot. */
#define BIOLATPCTS_OPS 4
#define BIOLATPCTS_SLOTS 100
#define BIOLATPCTS_TIERS 3
#define BIOLATPCTS_ENTRIES (BIOLATPCTS_TIERS * BIOLATPCTS_OPS * BIOLATPCTS_SLOTS)

/* -w: where the latency starts. */
#define BIOLATPCTS_ON_DEVICE 0      /* block_rq_issue */
#define BIOLATPCTS_AFTER_RQ_ALLOC 1 /* the request's start_time_ns */
#define BIOLATPCTS_FROM_RQ_ALLOC 2  /* the request's alloc_time_ns */
