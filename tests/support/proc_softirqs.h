// /proc/softirqs as rows: each vector's name, lower-cased as the tools print
// it, with its count per CPU, in the kernel's order.  The unit tests check
// the name table against it, the live tests count against it.
#pragma once
#include <cctype>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cstest {

inline std::vector<std::pair<std::string, std::vector<uint64_t>>> proc_softirqs() {
  std::vector<std::pair<std::string, std::vector<uint64_t>>> rows;
  std::ifstream in("/proc/softirqs");
  std::string line;
  std::getline(in, line);  // CPU header
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string name;
    f >> name;
    if (name.empty() || name.back() != ':') continue;
    name.pop_back();
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::vector<uint64_t> counts;
    for (uint64_t v; f >> v;) counts.push_back(v);
    rows.emplace_back(name, counts);
  }
  return rows;
}

}  // namespace cstest
