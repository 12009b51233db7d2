#include "common/runtime/perf_counters.h"

#include <bpf/libbpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "common/base/error.h"

namespace cs {

perf_event_attr perf_counter_attr(const PerfCounter& c, uint64_t period) {
  perf_event_attr attr{};
  attr.size = sizeof attr;
  attr.type = c.type;
  attr.config = c.config;
  attr.sample_period = period;
  attr.freq = 0;
  return attr;
}

int open_perf_counter(const PerfCounter& c, uint64_t period, int cpu) {
  perf_event_attr attr = perf_counter_attr(c, period);
  int fd = static_cast<int>(
      syscall(__NR_perf_event_open, &attr, -1, cpu, -1, PERF_FLAG_FD_CLOEXEC));
  return fd < 0 ? -errno : fd;
}

int probe_perf_counter(const PerfCounter& c, const std::vector<int>& cpus) {
  int fd = open_perf_counter(c, 1u << 20, cpus.empty() ? 0 : cpus.front());
  if (fd < 0) return -fd;
  close(fd);
  return 0;
}

bool perf_event_unsupported(int err) { return err == ENOENT || err == EOPNOTSUPP || err == ENODEV; }

std::vector<bpf_link*> attach_perf_counter(bpf_program* prog, const std::vector<int>& cpus,
                                           const PerfCounter& c, uint64_t period) {
  std::vector<bpf_link*> links;
  auto give_up = [&](const std::string& msg) {
    for (bpf_link* l : links) bpf_link__destroy(l);
    fail(msg);
  };
  for (int cpu : cpus) {
    int fd = open_perf_counter(c, period, cpu);
    if (fd == -ENODEV) continue;  // went offline (probe_perf_counter checked the event)
    if (fd < 0) {
      std::string msg = "cannot open the perf event " + c.name + " on CPU " + std::to_string(cpu) +
                        ": " + errno_text(-fd);
      if (fd == -EACCES || fd == -EPERM)
        msg += " (needs CAP_PERFMON or root; see kernel.perf_event_paranoid)";
      give_up(msg);
    }
    bpf_link* l = bpf_program__attach_perf_event(prog, fd);
    if (!l) {
      int err = errno;
      close(fd);
      give_up("cannot attach the BPF program to the perf event " + c.name + " on CPU " +
              std::to_string(cpu) + ": " + errno_text(err));
    }
    links.push_back(l);
  }
  if (links.empty()) fail("no online CPU to count " + c.name + " on");
  return links;
}

}  // namespace cs
