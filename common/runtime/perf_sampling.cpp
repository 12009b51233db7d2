#include "common/runtime/perf_sampling.h"

#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/base/error.h"
#include "common/system/cpus.h"

namespace cs {

std::vector<bpf_link*> attach_cpu_clock(bpf_program* prog, const std::vector<int>& cpus,
                                        uint64_t freq, uint64_t period) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  attr.freq = freq ? 1 : 0;
  if (freq) attr.sample_freq = freq;
  else attr.sample_period = period;
  std::vector<bpf_link*> links;
  auto give_up = [&](const std::string& msg) {
    for (bpf_link* l : links) bpf_link__destroy(l);
    fail(msg);
  };
  for (int cpu : cpus) {
    int fd = static_cast<int>(syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC));
    if (fd < 0) {
      int err = errno;
      if (err == ENODEV) continue;  // went offline
      std::string msg = "cannot open a cpu-clock perf event on CPU " + std::to_string(cpu) + ": " +
                        errno_text(err);
      if (err == EACCES || err == EPERM)
        msg += " (needs CAP_PERFMON or root; see kernel.perf_event_paranoid)";
      if (err == EINVAL && freq)
        msg += " (is the frequency above kernel.perf_event_max_sample_rate?)";
      give_up(msg);
    }
    bpf_link* l = bpf_program__attach_perf_event(prog, fd);
    if (!l) {
      int err = errno;
      close(fd);
      give_up("cannot attach the BPF program to the perf event on CPU " + std::to_string(cpu) + ": " +
              errno_text(err));
    }
    links.push_back(l);
  }
  if (links.empty()) fail("no online CPU to sample");
  return links;
}

}  // namespace cs
