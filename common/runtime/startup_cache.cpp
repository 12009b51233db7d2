#include "common/runtime/startup_cache.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "common/system/core_btf.h"
#include "common/system/kernel_btf.h"

namespace cs {

namespace {

constexpr char kDefaultDir[] = "/var/cache/corescope";
constexpr uint32_t kNoteGnuBuildId = 3;

std::string hex(const unsigned char* p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; i++) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}

// FNV-1a: names an object's bytes; not a defence against anyone.
uint64_t fnv1a(const void* data, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) h = (h ^ static_cast<const unsigned char*>(data)[i]) * 1099511628211ull;
  return h;
}

const char* attach_name(AttachMode m) {
  switch (m) {
    case AttachMode::Fentry: return "fentry";
    case AttachMode::Raw: return "raw";
    case AttachMode::Tracepoint: return "tracepoint";
    case AttachMode::Auto: break;
  }
  return "auto";
}

bool read_small(const std::string& path, std::string& out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char buf[4096];
  out.clear();
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return true;
}

// Writes path whole or not at all (a reader never sees half a file).
bool write_atomically(const std::string& path, const void* data, size_t n) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  bool ok = write(fd, data, n) == static_cast<ssize_t>(n);
  ok = close(fd) == 0 && ok;
  if (ok && rename(tmp.c_str(), path.c_str()) == 0) return true;
  unlink(tmp.c_str());
  return false;
}

bool make_dirs(const std::string& dir) {
  for (size_t at = 1; at <= dir.size(); at++) {
    if (at < dir.size() && dir[at] != '/') continue;
    std::string part = dir.substr(0, at);
    if (mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

}  // namespace

std::string kernel_build_id() {
  std::string notes;
  if (!read_small("/sys/kernel/notes", notes)) return "";
  // ELF notes: namesz, descsz, type, then name and desc, each 4-byte aligned.
  size_t at = 0;
  auto align = [](size_t v) { return (v + 3) & ~size_t{3}; };
  while (at + 12 <= notes.size()) {
    uint32_t namesz, descsz, type;
    std::memcpy(&namesz, &notes[at], 4);
    std::memcpy(&descsz, &notes[at + 4], 4);
    std::memcpy(&type, &notes[at + 8], 4);
    size_t name = at + 12, desc = name + align(namesz);
    if (desc + descsz > notes.size()) break;
    if (type == kNoteGnuBuildId && namesz == 4 && notes.compare(name, 3, "GNU") == 0 && descsz)
      return hex(reinterpret_cast<const unsigned char*>(&notes[desc]), descsz);
    at = desc + align(descsz);
  }
  return "";
}

StartupCache::StartupCache(const Common& c, const void* object, size_t size, const HookPlan& plan) {
  const char* env = std::getenv("CORESCOPE_CACHE");
  std::string root = env && *env ? env : kDefaultDir;
  if (root == "off" || !c.btf_path.empty() || !object) return;
  std::string id = kernel_build_id();
  if (id.empty()) return;
  dir_ = root + "/" + id;
  char key[17];
  std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(fnv1a(object, size)));
  btf_path_ = dir_ + "/" + key + ".btf";
  std::string plan_key = plan.key();
  char plan_hash[18] = "";
  if (!plan_key.empty())
    std::snprintf(plan_hash, sizeof plan_hash, ".%016llx",
                  static_cast<unsigned long long>(fnv1a(plan_key.data(), plan_key.size())));
  tier_path_ = dir_ + "/" + key + "." + attach_name(c.attach) + plan_hash + ".tier";
  have_btf_ = access(btf_path_.c_str(), R_OK) == 0;
  std::string text;
  if (read_small(tier_path_, text))
    for (int t = 0; t < kTiers; t++)
      if (text == tier_name(static_cast<Tier>(t))) tier_ = static_cast<Tier>(t);
}

bool StartupCache::store_core_btf(bpf_object* obj, VmlinuxBtf& vmlinux) {
  if (!enabled() || have_btf_) return have_btf_;
  const btf* local = bpf_object__btf(obj);
  const btf* kernel = vmlinux.get();
  if (!local || !kernel) return false;
  std::unique_ptr<btf, void (*)(btf*)> min(minimal_core_btf(kernel, local), btf__free);
  if (!min) return false;
  uint32_t n = 0;
  const void* raw = btf__raw_data(min.get(), &n);
  have_btf_ = raw && make_dirs(dir_) && write_atomically(btf_path_, raw, n);
  return have_btf_;
}

void StartupCache::store_tier(Tier t) {
  // A tracepoint choice hangs on tracefs being mounted, which can change.
  if (!enabled() || t == Tier::None || t == Tier::Tracepoint || tier_ == t) return;
  const char* name = tier_name(t);
  if (make_dirs(dir_) && write_atomically(tier_path_, name, std::strlen(name))) tier_ = t;
}

}  // namespace cs
