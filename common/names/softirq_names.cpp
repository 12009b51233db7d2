#include "common/names/softirq_names.h"

namespace cs {

std::string softirq_name(uint32_t vec) {
  static const char* const names[kSoftirqVectors] = {
      "hi", "timer", "net_tx", "net_rx", "block", "irq_poll", "tasklet", "sched", "hrtimer", "rcu",
  };
  if (vec < kSoftirqVectors) return names[vec];
  return "vec" + std::to_string(vec);
}

}  // namespace cs
