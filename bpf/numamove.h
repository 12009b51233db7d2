/* numamove: nothing crosses the ring; the frontend reads the `migrations`
 * and `migration_ns` counters in .bss (see bpf/numamove.bpf.c) and swaps
 * them with zero. */
#pragma once
