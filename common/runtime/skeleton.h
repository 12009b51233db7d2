// RAII owner of a bpftool-generated skeleton (S is e.g. execsnoop_bpf).
//
//   cs::Skeleton<execsnoop_bpf> skel(cli.common());   // open, flavours, knobs
//   skel->rodata->max_args = 20;                        // tool's own knobs
//   skel.load_and_attach();                             // one-line errors
//
// Hooks this run does without are declared up front (runtime/flavours.h):
//   cs::Skeleton<hardirqs_bpf> skel(c, cs::HookPlan().without("irq_handler_exit", o.count));
//
// Destruction detaches and frees everything, so a tool never writes cleanup.
#pragma once
#include <cerrno>
#include <cstdio>
#include <vector>

#include "common/base/error.h"
#include "common/runtime/bpf_object.h"
#include "common/runtime/startup_cache.h"

namespace cs {

constexpr uint32_t kDefaultRingBytes = 4u << 20;

template <class S>
class Skeleton {
 public:
  explicit Skeleton(const Common& c, const HookPlan& hooks = {}, uint32_t ring_bytes = kDefaultRingBytes)
      : common_(c) {
    setup_libbpf_logging(c.verbose);
    size_t size = 0;
    const void* bytes = S::elf_bytes(&size);
    StartupCache cache(c, bytes, size, hooks);
    // Parsed at most once for the cache and the probes, and freed before
    // libbpf's load, so two copies never add up in peak RSS.
    VmlinuxBtf vmlinux;
    open(cache.core_btf());
    // First run on this kernel: write the object's kernel types, then
    // reopen with them so that libbpf need not read the kernel's BTF.
    if (cache.enabled() && !cache.core_btf() && cache.store_core_btf(s_->obj, vmlinux)) {
      S::destroy(s_);
      open(cache.core_btf());
    }
    if (c.verbose && cache.core_btf())
      std::fprintf(stderr, "%s: kernel types for CO-RE from %s\n", tool_name().c_str(), cache.core_btf());
    prepared_ = prepare_object(s_->obj, c, ring_bytes, vmlinux, &cache, hooks);
  }
  ~Skeleton() {
    for (bpf_link* l : links_) bpf_link__destroy(l);
    S::destroy(s_);
  }
  Skeleton(const Skeleton&) = delete;
  Skeleton& operator=(const Skeleton&) = delete;

  S* operator->() { return s_; }
  S* get() { return s_; }
  bpf_object* obj() { return s_->obj; }
  const Prepared& prepared() const { return prepared_; }

  void load() {
    load_object(s_->obj, common_, [this] { return S::load(s_); });
    apply_filter_maps(s_->obj, common_);
  }
  void attach() { links_ = attach_object(s_->obj); }
  void load_and_attach() {
    load();
    attach();
  }
  // For programs the tool attaches itself (perf events): destroyed with us.
  void adopt(bpf_link* l) { links_.push_back(l); }

 private:
  void open(const char* core_btf) {
    bpf_object_open_opts opts = make_open_opts(common_);
    if (core_btf) opts.btf_custom_path = core_btf;
    s_ = S::open(&opts);
    if (!s_) fail("cannot open the BPF object: " + errno_text(errno));
  }

  const Common& common_;
  S* s_ = nullptr;
  Prepared prepared_;
  std::vector<bpf_link*> links_;
};

}  // namespace cs
