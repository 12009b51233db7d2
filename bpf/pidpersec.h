/* pidpersec: nothing crosses the ring; the frontend reads the `forks`
 * counter in .bss (see bpf/pidpersec.bpf.c) and swaps it with zero. */
#pragma once
