#include "common/runtime/bpf_object.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>

#include "bpf/include/id_set.h"
#include "common/base/error.h"
#include "common/output/notice.h"
#include "common/runtime/startup_cache.h"

namespace cs {

namespace {

bool g_verbose = false;
std::deque<std::string> g_recent;  // last libbpf warnings, for one-line summaries

int libbpf_print(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (g_verbose) return std::vfprintf(stderr, fmt, ap);
  if (level != LIBBPF_WARN) return 0;
  char line[512];
  std::vsnprintf(line, sizeof line, fmt, ap);
  g_recent.emplace_back(line);
  if (g_recent.size() > 8) g_recent.pop_front();
  return 0;
}

// Finds a global variable in a data section map (.rodata, .bss) by BTF name.
void* global_var(bpf_object* obj, const char* section, const char* name, size_t* size) {
  const btf* b = bpf_object__btf(obj);
  if (!b) return nullptr;
  bpf_map* map = nullptr;
  bpf_map* m;
  size_t sec_len = std::strlen(section);
  bpf_object__for_each_map(m, obj) {
    const char* n = bpf_map__name(m);
    size_t len = std::strlen(n);
    if (bpf_map__is_internal(m) && len >= sec_len && std::strcmp(n + len - sec_len, section) == 0)
      map = m;
  }
  int sec_id = btf__find_by_name_kind(b, section, BTF_KIND_DATASEC);
  if (!map || sec_id < 0) return nullptr;
  const btf_type* sec = btf__type_by_id(b, sec_id);
  const btf_var_secinfo* vi = btf_var_secinfos(sec);
  for (int i = 0; i < btf_vlen(sec); i++, vi++) {
    const btf_type* var = btf__type_by_id(b, vi->type);
    if (std::strcmp(btf__name_by_offset(b, var->name_off), name) != 0) continue;
    size_t map_size = 0;
    // libbpf 1.1 returns const, but this is the mmap the skeleton writes too.
    char* data = static_cast<char*>(const_cast<void*>(bpf_map__initial_value(map, &map_size)));
    if (!data || vi->offset + vi->size > map_size) return nullptr;
    *size = vi->size;
    return data + vi->offset;
  }
  return nullptr;
}

}  // namespace

void setup_libbpf_logging(bool verbose) {
  g_verbose = verbose;
  libbpf_set_print(libbpf_print);
}

bpf_object_open_opts make_open_opts(const Common& c) {
  if (c.btf_path.empty() && access("/sys/kernel/btf/vmlinux", R_OK) != 0)
    fail("this kernel has no BTF (/sys/kernel/btf/vmlinux is missing); "
         "pass --btf FILE with BTF for this kernel");
  LIBBPF_OPTS(bpf_object_open_opts, opts);
  if (!c.btf_path.empty()) opts.btf_custom_path = c.btf_path.c_str();
  return opts;
}

bool set_knob(bpf_object* obj, const char* name, const void* value, size_t size) {
  size_t have = 0;
  void* p = global_var(obj, ".rodata", name, &have);
  if (!p) return false;
  if (have != size)
    fail(std::string("internal error: knob ") + name + " has size " + std::to_string(have));
  std::memcpy(p, value, size);
  return true;
}

uint64_t read_global_u64(bpf_object* obj, const char* name) {
  size_t have = 0;
  void* p = global_var(obj, ".bss", name, &have);
  if (!p || have != sizeof(uint64_t)) return 0;
  return __atomic_load_n(static_cast<uint64_t*>(p), __ATOMIC_RELAXED);
}

void warn_uncounted(bpf_object* obj, const std::string& what) {
  if (uint64_t n = read_global_u64(obj, "cs_uncounted")) warn(std::to_string(n) + " " + what);
}

bool kernel_has_ringbuf() {
  int fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, nullptr, 0, 0, getpagesize(), nullptr);
  if (fd < 0) return false;
  close(fd);
  return true;
}

static void require_knob(bpf_object* obj, const char* name, uint32_t v) {
  if (!set_knob(obj, name, v))
    fail(std::string("internal error: BPF object lacks knob ") + name);
}

// The id BPF compares a task's cgroups with: the cgroup2 directory's inode.
static uint64_t cgroup_id(const std::string& path) {
  struct statfs fs;
  struct stat st;
  if (statfs(path.c_str(), &fs) != 0 || stat(path.c_str(), &st) != 0)
    usage_error("cannot open cgroup " + path + ": " + errno_text(errno));
  if (fs.f_type != CGROUP2_SUPER_MAGIC) usage_error(path + " is not a cgroup v2 directory");
  return st.st_ino;
}

// --cgroupmap / --mntnsmap: the pinned map replaces ours, once its shape is
// the one bcc documents (a hash with 8-byte keys and `value` bytes).
static void reuse_pinned_filter(bpf_object* obj, const char* flag, const std::string& path,
                                const char* map_name, const char* knob, uint32_t value) {
  if (path.empty()) return;
  int fd = bpf_obj_get(path.c_str());
  if (fd < 0) usage_error(std::string(flag) + ": " + path + " is not a pinned BPF map (" +
                          errno_text(errno) + ")");
  bpf_map_info info{};
  uint32_t len = sizeof info;
  if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0 || info.type != BPF_MAP_TYPE_HASH ||
      info.key_size != 8 || info.value_size != value) {
    close(fd);
    usage_error(std::string(flag) + ": " + path + " must be a hash map with 8-byte keys and " +
                std::to_string(value) + "-byte values");
  }
  bpf_map* m = bpf_object__find_map_by_name(obj, map_name);
  if (!m) {
    close(fd);
    fail(std::string("internal error: BPF object lacks ") + map_name);
  }
  int err = bpf_map__reuse_fd(m, fd);
  close(fd);  // reuse_fd keeps its own duplicate
  if (err) fail(std::string(flag) + ": cannot use " + path + ": " + errno_text(-err));
  require_knob(obj, knob, 1);
}

static std::string capabilities_needed(bpf_object* obj);

// Run without privileges, every probe of a flavour can fail (fentry's test
// load, tracefs unreadable): then the privileges are the cause to name, not
// the hooks, whatever tiers the tool has.
static void fail_unprivileged(bpf_object* obj) {
  fail("permission denied loading BPF programs: run as root, or with " + capabilities_needed(obj) +
       "; kernels before 5.11 also need CAP_SYS_RESOURCE, before 5.8 CAP_SYS_ADMIN");
}

Prepared prepare_object(bpf_object* obj, const Common& c, uint32_t ring_bytes, VmlinuxBtf& vmlinux,
                        StartupCache* cache, const HookPlan& plan) {
  Prepared p;
  try {
    p.tier = choose_flavours(obj, c.attach, vmlinux, plan, cache ? cache->tier() : std::nullopt);
  } catch (const NoAttachableHook&) {
    if (geteuid() != 0) fail_unprivileged(obj);
    throw;
  }
  if (cache) cache->store_tier(p.tier);
  bpf_map* rb = bpf_object__find_map_by_name(obj, "cs_events_rb");
  if (rb) {
    bool have = kernel_has_ringbuf();
    if (c.buffer == BufferMode::Ring && !have)
      fail("this kernel has no BPF ring buffer (needs 5.8); use --buffer perf");
    p.ringbuf = have && c.buffer != BufferMode::Perf;
    require_knob(obj, "cs_use_ringbuf", p.ringbuf ? 1 : 0);
    if (!have) bpf_map__set_autocreate(rb, false);
    else bpf_map__set_max_entries(rb, p.ringbuf ? ring_bytes : getpagesize());
  }
  // Tools with only perf_event or uprobe programs have no flavours to name.
  if (c.verbose && p.tier != Tier::None)
    std::fprintf(stderr, "%s: using %s programs%s\n", tool_name().c_str(), tier_name(p.tier),
                 !rb ? "" : p.ringbuf ? " and the ring buffer" : " and the perf buffer");
  reuse_pinned_filter(obj, "--cgroupmap", c.cgroupmap, "cs_cgroupmap", "cs_filter_cgroupmap", 8);
  reuse_pinned_filter(obj, "--mntnsmap", c.mntnsmap, "cs_mntnsmap", "cs_filter_mntnsmap", 4);
  if (c.pid) require_knob(obj, "cs_filter_tgid", c.pid);
  if (c.tid) require_knob(obj, "cs_filter_tid", c.tid);
  uint32_t lists = (c.pids.size() > 1 ? CS_ID_TGID : 0) | (c.tids.size() > 1 ? CS_ID_TID : 0);
  if (lists) {
    require_knob(obj, "cs_filter_id_set", lists);
    if (bpf_map* ids = bpf_object__find_map_by_name(obj, "cs_id_set"))
      bpf_map__set_max_entries(ids, static_cast<uint32_t>(c.pids.size() + c.tids.size()));
    else
      fail("internal error: BPF object lacks cs_id_set");
  }
  if (c.uid >= 0) require_knob(obj, "cs_filter_uid", static_cast<uint32_t>(c.uid));
  if (!c.cgroup.empty()) {
    // Hooks on the current task use the cgroup map; scheduler hooks, which
    // look at other tasks, compare cgroup ids (bpf/include/sched.bpf.h).
    require_knob(obj, "cs_filter_cgroup", 1);
    set_knob(obj, "cs_filter_cgroup_id", cgroup_id(c.cgroup));
  }
  return p;
}

// What this object needs from an unprivileged user, read from its programs:
// CAP_BPF for any, CAP_PERFMON for tracing, and CAP_SYS_ADMIN for uprobes
// (the uprobe PMU refuses CAP_PERFMON alone, measured on 6.18).
static std::string capabilities_needed(bpf_object* obj) {
  bool uprobes = false;
  bpf_program* p;
  bpf_object__for_each_program(p, obj) {
    const char* sec = bpf_program__section_name(p);
    if (bpf_program__autoload(p) && (std::strncmp(sec, "uprobe", 6) == 0 ||
                                     std::strncmp(sec, "uretprobe", 9) == 0 ||
                                     std::strncmp(sec, "usdt", 4) == 0))
      uprobes = true;
  }
  return uprobes ? "CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN (for uprobes)" : "CAP_BPF and CAP_PERFMON";
}

void load_object(bpf_object* obj, const Common& c, const std::function<int()>& do_load) {
  g_recent.clear();
  int err = do_load ? do_load() : bpf_object__load(obj);
  if (!err) return;
  err = -err;
  if ((err == EPERM || err == EACCES) && geteuid() != 0) fail_unprivileged(obj);
  std::string detail;
  for (auto& l : g_recent) {
    if (l.find("failed to load") != std::string::npos ||
        l.find("failed to create") != std::string::npos ||
        l.find("relocat") != std::string::npos) {
      detail = l;
      while (!detail.empty() && detail.back() == '\n') detail.pop_back();
      break;
    }
  }
  std::string msg = "failed to load BPF programs: " + errno_text(err);
  if (!detail.empty()) msg += " (" + detail + ")";
  if (!c.verbose) msg += "; run with -v for libbpf's and the verifier's log";
  fail(msg);
}

// The ids of -p 1,2 and -t 3,4 into cs_id_set (bpf/include/corescope.bpf.h).
static void fill_id_set(bpf_object* obj, const Common& c) {
  bpf_map* m = bpf_object__find_map_by_name(obj, "cs_id_set");
  uint8_t one = 1;
  for (auto [kind, ids] : {std::pair{CS_ID_TGID, &c.pids}, std::pair{CS_ID_TID, &c.tids}}) {
    if (ids->size() < 2) continue;
    for (uint32_t id : *ids) {
      uint64_t key = static_cast<uint64_t>(kind) << 32 | id;
      if (!m || bpf_map_update_elem(bpf_map__fd(m), &key, &one, BPF_ANY) != 0)
        fail("cannot fill the PID/TID filter map: " + errno_text(errno));
    }
  }
}

void apply_filter_maps(bpf_object* obj, const Common& c) {
  fill_id_set(obj, c);
  if (c.cgroup.empty()) return;
  int cg = open(c.cgroup.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (cg < 0) usage_error("cannot open cgroup " + c.cgroup + ": " + errno_text(errno));
  bpf_map* m = bpf_object__find_map_by_name(obj, "cs_cgroup_map");
  uint32_t zero = 0;
  uint32_t fd = static_cast<uint32_t>(cg);
  int err = m ? bpf_map_update_elem(bpf_map__fd(m), &zero, &fd, BPF_ANY) : -ENOENT;
  int saved = errno;
  close(cg);
  if (err) usage_error(c.cgroup + " is not a cgroup v2 directory (" + errno_text(saved) + ")");
}

std::vector<bpf_link*> attach_object(bpf_object* obj) {
  std::vector<bpf_link*> links;
  bpf_program* p;
  bpf_object__for_each_program(p, obj) {
    if (!bpf_program__autoload(p) || bpf_program__type(p) == BPF_PROG_TYPE_PERF_EVENT) continue;
    bpf_link* l = bpf_program__attach(p);
    if (!l) {
      int err = errno;
      for (bpf_link* x : links) bpf_link__destroy(x);
      std::string msg = std::string("cannot attach ") + bpf_program__section_name(p) + ": " +
                        errno_text(err);
      if (bpf_program__type(p) == BPF_PROG_TYPE_TRACEPOINT && tracefs_dir().empty())
        msg += "; tracefs is not mounted, run: " + std::string(kTracefsMountHint);
      fail(msg);
    }
    links.push_back(l);
  }
  return links;
}

}  // namespace cs
