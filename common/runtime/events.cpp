#include "common/runtime/events.h"

#include <bpf/libbpf.h>

#include "common/runtime/bpf_object.h"
#include "common/base/error.h"

namespace cs {

namespace {
constexpr size_t kPerfPagesPerCpu = 64;
}

EventStream::EventStream(bpf_object* obj, bool ringbuf, Handler h)
    : obj_(obj), handler_(std::move(h)) {
  if (ringbuf) {
    bpf_map* m = bpf_object__find_map_by_name(obj, "cs_events_rb");
    rb_ = ring_buffer__new(
        bpf_map__fd(m),
        [](void* ctx, void* data, size_t size) -> int {
          static_cast<EventStream*>(ctx)->handler_(data, size);
          return 0;
        },
        this, nullptr);
    if (!rb_) fail("cannot set up the ring buffer: " + errno_text(errno));
  } else {
    bpf_map* m = bpf_object__find_map_by_name(obj, "cs_events_pb");
    pb_ = perf_buffer__new(
        bpf_map__fd(m), kPerfPagesPerCpu,
        [](void* ctx, int, void* data, __u32 size) {
          static_cast<EventStream*>(ctx)->handler_(data, size);
        },
        [](void* ctx, int, __u64 n) { static_cast<EventStream*>(ctx)->perf_lost_ += n; }, this,
        nullptr);
    if (!pb_) fail("cannot set up the perf buffer: " + errno_text(errno));
  }
}

EventStream::~EventStream() {
  ring_buffer__free(rb_);
  perf_buffer__free(pb_);
}

int EventStream::fd() const {
  return rb_ ? ring_buffer__epoll_fd(rb_) : perf_buffer__epoll_fd(pb_);
}

void EventStream::consume() {
  if (rb_) ring_buffer__consume(rb_);
  else perf_buffer__consume(pb_);
}

uint64_t EventStream::lost() const { return perf_lost_ + read_global_u64(obj_, "cs_dropped"); }

}  // namespace cs
