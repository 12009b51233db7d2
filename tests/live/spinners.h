// Busy threads pinned to one CPU, so its run queue always holds the running
// one plus the others waiting (runqlen, runqslower).
#pragma once
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "irq_workloads.h"

namespace cstest {

constexpr int kSpinners = 3;

// The body of a workload: kSpinners threads (named `name` unless empty) busy
// on `cpu` until killed (or, as a safety stop, after 90 s).
inline int spin_on_cpu(int cpu, const std::string& name) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (!pin_to_cpu(cpu)) return 2;  // inherited by the threads
  auto end = std::chrono::steady_clock::now() + std::chrono::seconds(90);
  std::vector<std::thread> threads;
  for (int i = 0; i < kSpinners; i++)
    threads.emplace_back([&] {
      if (!name.empty()) pthread_setname_np(pthread_self(), name.c_str());
      volatile unsigned long n = 0;
      while (std::chrono::steady_clock::now() < end)
        for (int j = 0; j < 100000; j++) n = n + 1;
    });
  for (auto& t : threads) t.join();
  return 0;
}

}  // namespace cstest
