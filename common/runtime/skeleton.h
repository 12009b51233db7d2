// RAII owner of a bpftool-generated skeleton (S is e.g. execsnoop_bpf).
//
//   cs::Skeleton<execsnoop_bpf> skel(cli.common());   // open, flavours, knobs
//   skel->rodata->max_args = 20;                        // tool's own knobs
//   skel.load_and_attach();                             // one-line errors
//
// Destruction detaches and frees everything, so a tool never writes cleanup.
#pragma once
#include <cerrno>
#include <vector>

#include "common/runtime/bpf_object.h"
#include "common/base/error.h"

namespace cs {

constexpr uint32_t kDefaultRingBytes = 4u << 20;

template <class S>
class Skeleton {
 public:
  explicit Skeleton(const Common& c, uint32_t ring_bytes = kDefaultRingBytes) : common_(c) {
    setup_libbpf_logging(c.verbose);
    bpf_object_open_opts opts = make_open_opts(c);
    s_ = S::open(&opts);
    if (!s_) fail("cannot open the BPF object: " + errno_text(errno));
    prepared_ = prepare_object(s_->obj, c, ring_bytes);
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
  const Common& common_;
  S* s_ = nullptr;
  Prepared prepared_;
  std::vector<bpf_link*> links_;
};

}  // namespace cs
