// Everything between "the skeleton is open" and "programs are attached" that
// is the same for every tool: libbpf logging, open options, the common knobs
// (found by name in .rodata), the event buffer choice, flavour choice, load
// and attach with one-line errors.  skeleton.h wraps this around a generated
// skeleton type.
#pragma once
#include <bpf/libbpf.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/cli/cli.h"
#include "common/runtime/flavours.h"

namespace cs {

// Routes libbpf's messages: silent by default, everything with -v.  The last
// warnings are kept so a load failure can be summarised in one line.
void setup_libbpf_logging(bool verbose);

// Open options: custom BTF path, kernel log level for -v.  Fails (exit 1)
// when the kernel has no BTF and no --btf was given.
bpf_object_open_opts make_open_opts(const Common& c);

// Writes a read-only knob declared in the BPF program as `const volatile T
// name`.  Returns false if the object has no such variable; throws if the
// size differs.  Must run between open and load.
bool set_knob(bpf_object* obj, const char* name, const void* value, size_t size);
template <class T>
bool set_knob(bpf_object* obj, const char* name, T value) {
  return set_knob(obj, name, &value, sizeof value);
}

// Reads a 64-bit counter the BPF side keeps in .bss (e.g. cs_dropped); 0 if absent.
uint64_t read_global_u64(bpf_object* obj, const char* name);
// cs::warn("<n> <what>") when cs_uncounted, the counter every program keeps
// for what a full map left out (bpf/include/maps.bpf.h), is not zero:
// what = "samples not counted: ...".
void warn_uncounted(bpf_object* obj, const std::string& what);

// Is the BPF ring buffer available on this kernel (probed by creating one)?
bool kernel_has_ringbuf();

struct Prepared {
  Tier tier = Tier::None;
  bool ringbuf = false;
};

// After open, before load: choose flavours for the plan, the event buffer,
// and set the common filter knobs from the flags.  ring_bytes sizes the ring
// buffer.  With a cache, its hook type is taken when it has one, and the
// choice kept.
// `vmlinux` is shared with the rest of start-up (see Skeleton).
class StartupCache;
Prepared prepare_object(bpf_object* obj, const Common& c, uint32_t ring_bytes, VmlinuxBtf& vmlinux,
                        StartupCache* cache = nullptr, const HookPlan& plan = {});

// Load, through `do_load` when given (a skeleton's loader, which also maps
// .bss and .data so that skel->bss and read_global_u64() see live values);
// on failure one line naming the cause (privileges, verifier, BTF).
void load_object(bpf_object* obj, const Common& c, const std::function<int()>& do_load = {});

// After load: the ids of -p/-t lists into cs_id_set, the -c cgroup into
// cs_cgroup_map.
void apply_filter_maps(bpf_object* obj, const Common& c);

// Attach every loaded program that libbpf can attach by itself (perf_event
// programs are attached by the tool); failures name the hook.
std::vector<bpf_link*> attach_object(bpf_object* obj);

}  // namespace cs
