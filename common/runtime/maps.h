// Reading BPF hash maps from user space: every entry at once, optionally
// emptying the map as it goes (interval summaries), in a stable order.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace cs {

// Raw form of read_hash_map below.  Entries whose key vanished between
// listing and reading are skipped.  With drain, each entry is deleted as it is
// read (atomically where the kernel can look up and delete hash entries in one
// step, 5.14+; else right after the read, losing at most the counts added in
// between).  Throws Fatal (exit 1) on a failing map syscall.
struct RawMapEntries {
  std::vector<uint8_t> keys, values;  // n * key_size, n * value_size bytes
  size_t n = 0;
};
RawMapEntries read_hash_map_raw(int fd, size_t key_size, size_t value_size, bool drain);

// The keys of a hash map (n * key_size bytes), in the kernel's order.
std::vector<uint8_t> list_hash_keys(int fd, size_t key_size);

template <class K>
std::vector<K> hash_keys(int fd) {
  static_assert(std::is_trivially_copyable_v<K>);
  std::vector<uint8_t> raw = list_hash_keys(fd, sizeof(K));
  std::vector<K> keys(raw.size() / sizeof(K));
  if (!keys.empty()) std::memcpy(keys.data(), raw.data(), keys.size() * sizeof(K));
  return keys;
}

// Every {key, value} of a hash map, sorted by key (numerically for integer
// keys, by bytes otherwise) so output is in a stable order.
template <class K, class V>
std::vector<std::pair<K, V>> read_hash_map(int fd, bool drain) {
  static_assert(std::is_trivially_copyable_v<K> && std::is_trivially_copyable_v<V>);
  RawMapEntries raw = read_hash_map_raw(fd, sizeof(K), sizeof(V), drain);
  std::vector<std::pair<K, V>> r(raw.n);
  for (size_t i = 0; i < raw.n; i++) {
    std::memcpy(&r[i].first, raw.keys.data() + i * sizeof(K), sizeof(K));
    std::memcpy(&r[i].second, raw.values.data() + i * sizeof(V), sizeof(V));
  }
  std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) {
    if constexpr (std::is_arithmetic_v<K>)
      return a.first < b.first;
    else
      return std::memcmp(&a.first, &b.first, sizeof(K)) < 0;
  });
  return r;
}

// Heaviest first by weight(value); rows of equal weight keep their order.
template <class K, class V, class W>
void sort_by_weight(std::vector<std::pair<K, V>>& rows, W weight) {
  std::stable_sort(rows.begin(), rows.end(),
                   [&](const auto& a, const auto& b) { return weight(a.second) > weight(b.second); });
}

// Every {key, value} of a BPF hash map, heaviest first by weight(value); ties
// in key byte order so the output is stable.  With drain, the entries are
// deleted as they are read (interval summaries).
template <class K, class V, class W>
std::vector<std::pair<K, V>> read_by_weight(int fd, W weight, bool drain = false) {
  auto rows = read_hash_map<K, V>(fd, drain);  // sorted by key
  sort_by_weight(rows, weight);
  return rows;
}

}  // namespace cs
