// Probes the user names on the command line, in bcc's notation (trace,
// funccount, funclatency, argdist take these):
//
//   p::do_sys_openat2          kprobe: a kernel function's entry
//   r::do_sys_openat2          kretprobe: its return
//   p:c:malloc                 uprobe: malloc in libc ("c" -> libc.so.6)
//   r:/bin/bash:readline       uretprobe, the binary named by its path
//   t:sched:sched_switch       tracepoint (attached as a raw tracepoint:
//                              no tracefs needed)
//   u:/usr/bin/python3:function__entry   USDT probe (its provider looked
//                              up; u:BINARY:PROVIDER:PROBE names it)
//
// Without a type letter a spec takes the caller's default (funccount: "p"):
// "vfs_read" is p::vfs_read and "c:malloc" is p:c:malloc.
//
//   cs::ProbeSpec s = cs::parse_probe_spec(argv[1]);          // usage error: exit 2
//   skel.adopt(cs::attach_probe(prog_for(s.kind), s, pid));   // cannot: exit 1
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

struct bpf_link;
struct bpf_program;

namespace cs {

struct ProbeSpec {
  enum class Kind : uint8_t { Kprobe, Kretprobe, Uprobe, Uretprobe, Tracepoint, Usdt };
  Kind kind = Kind::Kprobe;
  std::string binary;    // uprobes, USDT: the ELF file, resolved to a path
  std::string category;  // tracepoints: "sched"
  std::string provider;  // USDT: given, or the only one the binary has for the name
  std::string name;      // function, tracepoint or USDT probe name
  std::string text;      // as the user wrote it, for messages
};

// Parses one spec, resolving binaries (and a USDT probe's provider); a bad
// one is a usage error naming it.  `default_type` is
// the type letter of a spec that gives none.
ProbeSpec parse_probe_spec(std::string_view text, char default_type = 'p');

// The file a library name stands for: a path as given (it must exist), "c"
// -> libc.so.6, "pthread" -> libpthread.so.0 or .so, any other name ->
// lib<name>.so (as the dynamic linker would find them).  Throws a usage
// error when there is none.
std::string resolve_binary(const std::string& name);

// The BPF program type a spec needs: kprobe-type for kprobes and uprobes,
// raw_tp for tracepoints, usdt for USDT ("kprobe", "raw_tp", "usdt").
const char* probe_program_kind(ProbeSpec::Kind k);

// Attaches prog (of probe_program_kind(s.kind)) to the probe, in process
// `pid` only where the probe type allows (uprobes, USDT; -1 everywhere).
// Throws Fatal (exit 1) naming the probe and what the kernel lacks.
bpf_link* attach_probe(bpf_program* prog, const ProbeSpec& s, int pid = -1);

}  // namespace cs
