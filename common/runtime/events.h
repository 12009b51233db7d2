// The event stream from BPF to the frontend: the ring buffer, or the perf
// buffer where the kernel has none or --buffer perf forced it (the choice was
// made by prepare_object and handed to BPF as cs_use_ringbuf).  Records the
// kernel could not queue are counted: cs_dropped on the BPF side plus the perf
// buffer's lost-sample notices.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>

struct bpf_object;
struct ring_buffer;
struct perf_buffer;

namespace cs {

class EventStream {
 public:
  using Handler = std::function<void(const void* data, size_t size)>;
  EventStream(bpf_object* obj, bool ringbuf, Handler h);
  ~EventStream();
  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  int fd() const;   // becomes readable when records are waiting
  void consume();   // handles every waiting record, never blocks
  uint64_t lost() const;

 private:
  bpf_object* obj_;
  Handler handler_;
  ring_buffer* rb_ = nullptr;
  perf_buffer* pb_ = nullptr;
  uint64_t perf_lost_ = 0;
};

// Copies a variable-length record into T (zero-filling what the kernel did
// not send), so handlers never read past the bytes received.
template <class T>
T record_as(const void* data, size_t size) {
  T r{};
  std::memcpy(&r, data, size < sizeof r ? size : sizeof r);
  return r;
}

}  // namespace cs
