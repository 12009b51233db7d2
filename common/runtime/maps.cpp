#include "common/runtime/maps.h"

#include <bpf/bpf.h>

#include <cerrno>

#include "common/base/error.h"

namespace cs {

namespace {

// Hash maps gained BPF_MAP_LOOKUP_AND_DELETE_ELEM in 5.14; remember a refusal.
bool g_no_lookup_and_delete = false;

// 0, or the errno: ENOENT when the key has gone meanwhile.
int take(int fd, const void* key, void* value, bool drain) {
  if (drain && !g_no_lookup_and_delete) {
    if (bpf_map_lookup_and_delete_elem(fd, key, value) == 0) return 0;
    int err = errno;
    if (err != EINVAL && err != ENOTSUP && err != 524 /* ENOTSUPP */) return err;
    g_no_lookup_and_delete = true;
  }
  if (bpf_map_lookup_elem(fd, key, value) != 0) return errno;
  if (drain && bpf_map_delete_elem(fd, key) != 0 && errno != ENOENT) return errno;
  return 0;
}

}  // namespace

std::vector<uint8_t> list_hash_keys(int fd, size_t key_size) {
  std::vector<uint8_t> keys;
  std::vector<uint8_t> cur(key_size), next(key_size);
  const void* prev = nullptr;  // NULL asks for the first key
  constexpr size_t kMaxKeys = 1u << 22;  // a bound, should entries churn
  for (size_t listed = 0; listed < kMaxKeys; listed++) {
    if (bpf_map_get_next_key(fd, prev, next.data()) != 0) {
      if (errno != ENOENT) fail("cannot read a BPF map: " + errno_text(errno));
      break;
    }
    keys.insert(keys.end(), next.begin(), next.end());
    cur.swap(next);
    prev = cur.data();
  }
  return keys;
}

RawMapEntries read_hash_map_raw(int fd, size_t key_size, size_t value_size, bool drain) {
  // List the keys first: deleting while walking would restart the walk.
  std::vector<uint8_t> keys = list_hash_keys(fd, key_size);
  size_t listed = keys.size() / key_size;

  RawMapEntries r;
  r.keys.reserve(keys.size());
  r.values.resize(listed * value_size);
  for (size_t i = 0; i < listed; i++) {
    const uint8_t* key = keys.data() + i * key_size;
    int err = take(fd, key, r.values.data() + r.n * value_size, drain);
    if (err == ENOENT) continue;
    if (err) fail("cannot read a BPF map: " + errno_text(err));
    r.keys.insert(r.keys.end(), key, key + key_size);
    r.n++;
  }
  r.values.resize(r.n * value_size);
  return r;
}

}  // namespace cs
