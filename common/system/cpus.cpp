#include "common/system/cpus.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cs {

bool parse_cpu_list(const std::string& text, std::vector<int>& cpus) {
  cpus.clear();
  std::string s = text;
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  if (s.empty()) return false;
  std::stringstream in(s);
  std::string part;
  while (std::getline(in, part, ',')) {
    char* end = nullptr;
    long a = std::strtol(part.c_str(), &end, 10);
    if (end == part.c_str() || a < 0) return false;
    long b = a;
    if (*end == '-') {
      const char* p = end + 1;
      b = std::strtol(p, &end, 10);
      if (end == p || b < a) return false;
    }
    if (*end != '\0' || b > 1 << 20) return false;
    for (long c = a; c <= b; c++) cpus.push_back(static_cast<int>(c));
  }
  return !cpus.empty();
}

std::vector<int> online_cpus() {
  std::ifstream f("/sys/devices/system/cpu/online");
  std::string text;
  std::getline(f, text);
  std::vector<int> cpus;
  if (parse_cpu_list(text, cpus)) return cpus;
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  cpus.clear();
  for (long i = 0; i < (n > 0 ? n : 1); i++) cpus.push_back(static_cast<int>(i));
  return cpus;
}

uint64_t read_sysctl_u64(const char* path, uint64_t fallback) {
  std::ifstream f(path);
  unsigned long long v;
  if (f >> v) return v;
  return fallback;
}

}  // namespace cs
