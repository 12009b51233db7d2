// mountsnoop: trace mount(), umount2() and the new mount API (fsopen,
// fsconfig, fsmount, move_mount, fspick, open_tree, mount_setattr), one line
// per call in the C form libbpf-tools' mountsnoop prints, or with -d one
// field a line.
#include <fcntl.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <algorithm>

#include "common/base/fixed_str.h"
#include "common/names/name_table.h"
#include "common/output/escape.h"
#include "common/output/output.h"
#include "common/output/clock.h"
#include "common/output/sink.h"
#include "common/runtime/loop.h"
#include "common/runtime/skeleton.h"
#include "common/runtime/tool.h"
#include "common/system/syscall_event.h"
#include "mountsnoop.h"
#include "mountsnoop.skel.h"

namespace {

using Flag = std::pair<uint64_t, const char*>;

// MS_* by value (<linux/mount.h>); bit 9 has no name.
const Flag kMountFlags[] = {
    {1u << 0, "MS_RDONLY"},       {1u << 1, "MS_NOSUID"},        {1u << 2, "MS_NODEV"},
    {1u << 3, "MS_NOEXEC"},       {1u << 4, "MS_SYNCHRONOUS"},   {1u << 5, "MS_REMOUNT"},
    {1u << 6, "MS_MANDLOCK"},     {1u << 7, "MS_DIRSYNC"},       {1u << 8, "MS_NOSYMFOLLOW"},
    {1u << 10, "MS_NOATIME"},     {1u << 11, "MS_NODIRATIME"},   {1u << 12, "MS_BIND"},
    {1u << 13, "MS_MOVE"},        {1u << 14, "MS_REC"},          {1u << 15, "MS_SILENT"},
    {1u << 16, "MS_POSIXACL"},    {1u << 17, "MS_UNBINDABLE"},   {1u << 18, "MS_PRIVATE"},
    {1u << 19, "MS_SLAVE"},       {1u << 20, "MS_SHARED"},       {1u << 21, "MS_RELATIME"},
    {1u << 22, "MS_KERNMOUNT"},   {1u << 23, "MS_I_VERSION"},    {1u << 24, "MS_STRICTATIME"},
    {1u << 25, "MS_LAZYTIME"},    {1u << 26, "MS_SUBMOUNT"},     {1u << 27, "MS_NOREMOTELOCK"},
    {1u << 28, "MS_NOSEC"},       {1u << 29, "MS_BORN"},         {1u << 30, "MS_ACTIVE"},
    {1u << 31, "MS_NOUSER"}};
const Flag kUmountFlags[] = {
    {1, "MNT_FORCE"}, {2, "MNT_DETACH"}, {4, "MNT_EXPIRE"}, {8, "UMOUNT_NOFOLLOW"}};
const Flag kFsopenFlags[] = {{1, "FSOPEN_CLOEXEC"}};
const Flag kFsmountFlags[] = {{1, "FSMOUNT_CLOEXEC"}};
const Flag kMountAttrs[] = {
    {0x1, "MOUNT_ATTR_RDONLY"},       {0x2, "MOUNT_ATTR_NOSUID"},
    {0x4, "MOUNT_ATTR_NODEV"},        {0x8, "MOUNT_ATTR_NOEXEC"},
    {0x10, "MOUNT_ATTR_NOATIME"},     {0x20, "MOUNT_ATTR_STRICTATIME"},
    {0x80, "MOUNT_ATTR_NODIRATIME"},  {0x100000, "MOUNT_ATTR_IDMAP"},
    {0x200000, "MOUNT_ATTR_NOSYMFOLLOW"}};
const Flag kMoveMountFlags[] = {
    {0x1, "MOVE_MOUNT_F_SYMLINKS"},   {0x2, "MOVE_MOUNT_F_AUTOMOUNTS"},
    {0x4, "MOVE_MOUNT_F_EMPTY_PATH"}, {0x10, "MOVE_MOUNT_T_SYMLINKS"},
    {0x20, "MOVE_MOUNT_T_AUTOMOUNTS"}, {0x40, "MOVE_MOUNT_T_EMPTY_PATH"},
    {0x100, "MOVE_MOUNT_SET_GROUP"},  {0x200, "MOVE_MOUNT_BENEATH"}};
const Flag kFspickFlags[] = {{1, "FSPICK_CLOEXEC"},
                             {2, "FSPICK_SYMLINK_NOFOLLOW"},
                             {4, "FSPICK_NO_AUTOMOUNT"},
                             {8, "FSPICK_EMPTY_PATH"}};
// open_tree() and mount_setattr() take AT_* flags (and open_tree its own).
const Flag kTreeFlags[] = {{1, "OPEN_TREE_CLONE"},          {0x100, "AT_SYMLINK_NOFOLLOW"},
                           {0x800, "AT_NO_AUTOMOUNT"},      {0x1000, "AT_EMPTY_PATH"},
                           {0x8000, "AT_RECURSIVE"},        {O_CLOEXEC, "OPEN_TREE_CLOEXEC"}};
const char* const kFsconfigCmds[] = {
    "FSCONFIG_SET_FLAG",      "FSCONFIG_SET_STRING", "FSCONFIG_SET_BINARY",
    "FSCONFIG_SET_PATH",      "FSCONFIG_SET_PATH_EMPTY", "FSCONFIG_SET_FD",
    "FSCONFIG_CMD_CREATE",    "FSCONFIG_CMD_RECONFIGURE", "FSCONFIG_CMD_CREATE_EXCL"};

// "A | B", bits without a name as one hex number at the end, "0x0" for none.
template <class Table>
std::string flag_text(uint64_t v, const Table& table) {
  std::string s;
  for (const Flag& f : table) {
    if (!(v & f.first)) continue;
    if (!s.empty()) s += " | ";
    s += f.second;
    v &= ~f.first;
  }
  if (v || s.empty()) {
    char hex[24];
    std::snprintf(hex, sizeof hex, "0x%llx", static_cast<unsigned long long>(v));
    if (!s.empty()) s += " | ";
    s += hex;
  }
  return s;
}

// The old magic number in the high half (MS_MGC_VAL) is no flag: the kernel
// drops it, and so does the text.
std::string mount_flags(uint64_t v) {
  if ((v & 0xffff0000) == 0xc0ed0000) v &= 0xffff;
  return flag_text(v, kMountFlags);
}

// "AT_FDCWD" or the number.
std::string dfd_text(uint64_t v) {
  int fd = static_cast<int>(v);
  return fd == AT_FDCWD ? "AT_FDCWD" : std::to_string(fd);
}

// libbpf-tools' form of a result: "0", an fd, or "-ENOENT".
std::string ret_text(int64_t ret) {
  if (ret >= 0) return std::to_string(ret);
  const char* name = -ret < 4096 ? cs::errno_names().name_or_null(static_cast<uint32_t>(-ret)) : nullptr;
  return name ? std::string("-") + name : std::to_string(ret);
}

// The string argument i in double quotes (escaped when printed).
std::string quoted(const cs::SyscallEvent& e, int i) {
  return "\"" + std::string(e.str[i]) + "\"";
}

// One call as the peers print it, and the fields -d shows.
struct Call {
  const char* op;
  std::string text;
  std::vector<std::pair<const char*, std::string>> fields;
  size_t label_width = 8;  // -d: "NAME:" padded to this, as libbpf-tools lines them up
};

Call describe(const cs::SyscallEvent& e) {
  const __u64* a = e.head.args;
  std::string ret = ret_text(e.head.ret);
  auto q = [&](int i) { return quoted(e, i); };
  auto str = [&](int i) { return std::string(e.str[i]); };
  auto join = [](std::initializer_list<std::string> parts) {
    std::string s;
    for (const std::string& p : parts) s += (s.empty() ? "" : ", ") + p;
    return s;
  };
  Call c;
  switch (e.head.nr) {
    case MOUNTSNOOP_NR_MOUNT: {
      std::string flags = mount_flags(a[3]);
      c = {"MOUNT", "mount(" + join({q(0), q(1), q(2), flags, q(4)}),
           {{"FS", str(2)}, {"SOURCE", str(0)}, {"TARGET", str(1)}, {"DATA", str(4)}, {"FLAGS", flags}}};
      break;
    }
    case MOUNTSNOOP_NR_UMOUNT2: {
      std::string flags = flag_text(a[1], kUmountFlags);
      c = {"UMOUNT", "umount(" + join({q(0), flags}), {{"TARGET", str(0)}, {"FLAGS", flags}}};
      break;
    }
    case MOUNTSNOOP_NR_FSOPEN: {
      std::string flags = flag_text(a[1], kFsopenFlags);
      c = {"FSOPEN", "fsopen(" + join({q(0), flags}), {{"FS", str(0)}, {"FLAGS", flags}}};
      break;
    }
    case MOUNTSNOOP_NR_FSCONFIG: {
      std::string cmd = a[1] < std::size(kFsconfigCmds) ? kFsconfigCmds[a[1]] : "UNKNOWN";
      std::string fd = std::to_string(static_cast<int>(a[0])), aux = std::to_string(static_cast<int>(a[4]));
      c = {"FSCONFIG", "fsconfig(" + join({fd, "\"" + cmd + "\"", q(2), q(3), aux}),
           {{"FD", fd}, {"CMD", cmd}, {"KEY", str(2)}, {"VALUE", str(3)}, {"AUX", aux}}};
      break;
    }
    case MOUNTSNOOP_NR_FSMOUNT: {
      std::string fd = std::to_string(static_cast<int>(a[0]));
      std::string flags = flag_text(a[1], kFsmountFlags), attrs = flag_text(a[2], kMountAttrs);
      c = {"FSMOUNT", "fsmount(" + join({fd, "\"" + flags + "\"", "\"" + attrs + "\""}),
           {{"FS_FD", fd}, {"FLAGS", flags}, {"ATTR_FLAGS", attrs}}, 13};
      break;
    }
    case MOUNTSNOOP_NR_MOVE_MOUNT: {
      std::string from = dfd_text(a[0]), to = dfd_text(a[2]), flags = flag_text(a[4], kMoveMountFlags);
      c = {"MOVE_MOUNT", "move_mount(" + join({from, q(1), to, q(3), "\"" + flags + "\""}),
           {{"FROM_DFD", from}, {"FROM_PATHNAME", str(1)}, {"TO_DFD", to}, {"TO_PATHNAME", str(3)},
            {"FLAGS", flags}}, 16};
      break;
    }
    case MOUNTSNOOP_NR_FSPICK:
    case MOUNTSNOOP_NR_OPEN_TREE:
    case MOUNTSNOOP_NR_MOUNT_SETATTR: {
      bool pick = e.head.nr == MOUNTSNOOP_NR_FSPICK, tree = e.head.nr == MOUNTSNOOP_NR_OPEN_TREE;
      const char* op = pick ? "FSPICK" : tree ? "OPEN_TREE" : "MOUNT_SETATTR";
      std::string name = pick ? "fspick" : tree ? "open_tree" : "mount_setattr";
      std::string dfd = dfd_text(a[0]);
      std::string flags = pick ? flag_text(a[2], kFspickFlags) : flag_text(a[2], kTreeFlags);
      c = {op, name + "(" + join({dfd, q(1), flags}),
           {{"DFD", dfd}, {"PATHNAME", str(1)}, {"FLAGS", flags}}, 11};
      break;
    }
    default:
      c = {"UNKNOWN", "syscall " + std::to_string(e.head.nr) + "(", {}};
  }
  c.text += ") = " + ret;
  return c;
}

// -d: libbpf-tools' layout, one "NAME:   value" a line and a blank line after
// each call; with -t the time on a line of its own and the fields indented.
void print_detailed(const cs::SyscallEvent& e, const Call& c, bool timestamp) {
  const cs_syscall_event& h = e.head;
  const char* indent = timestamp ? "    " : "";
  std::string s;
  if (timestamp) s += cs::wall_hms(h.ts_ns) + " \n";
  auto line = [&](const char* name, std::string_view v, size_t width = 8) {
    std::string label = std::string(name) + ":";
    label.resize(std::max(label.size() + 1, width), ' ');
    s += indent + label;
    cs::append_text_escaped(s, v);
    s += '\n';
  };
  line("PID", std::to_string(h.pid));
  line("TID", std::to_string(h.tid));
  line("COMM", cs::fixed_str(h.comm));
  line("OP", c.op);
  line("RET", ret_text(h.ret));
  line("LAT", std::to_string(h.lat_ns / 1000) + "us");
  line("MNT_NS", std::to_string(h.mnt_ns));
  for (auto& [name, value] : c.fields) line(name, value, c.label_width);
  s += '\n';
  cs::out().put(s);
}

int body(int argc, char** argv) {
  cs::Cli cli("Trace mount, umount, fsopen, fsconfig, fsmount, move_mount, fspick, open_tree, "
              "mount_setattr syscalls");
  bool timestamp = false, detailed = false;
  cli.pid_filter("-p,--pid", "Process ID to trace")
      .flag("-t,--timestamp", timestamp, "Include timestamp on output")
      .flag("-d,--detailed", detailed, "Output result in detail mode")
      .duration("--duration")
      .examples(R"(EXAMPLES:
  mountsnoop            # trace mount related syscalls
  mountsnoop -d         # detailed output (one line per column value)
  mountsnoop -p 1216    # only trace PID 1216
  mountsnoop --json     # one JSON object per call)");
  if (auto rc = cli.parse(argc, argv)) return *rc;
  const cs::Common& c = cli.common();

  cs::Skeleton<mountsnoop_bpf> skel(c);
  skel.load_and_attach();

  enum { kTime, kComm, kPid, kTid, kMntNs, kCall, kOp, kRet, kLat };
  cs::Record rec({
      {.header = "TIME", .key = "time", .width = 8, .text = timestamp},
      {.header = "COMM", .key = "comm", .width = 16},
      {.header = "PID", .key = "pid", .width = 7},
      {.header = "TID", .key = "tid", .width = 7},
      {.header = "MNT_NS", .key = "mnt_ns", .width = 11},
      {.header = "CALL", .key = "call"},
      {.key = "op", .text = false},
      {.key = "ret", .text = false},
      {.key = "lat_ns", .text = false},
  });
  cs::Sink& sink = cs::sink();
  bool vertical = detailed && !sink.json();
  if (!vertical) sink.header(rec);

  cs::Row row(rec);
  Call call;
  auto show = [&](const cs::SyscallEvent& e) {
    call = describe(e);
    if (vertical) return print_detailed(e, call, timestamp);
    row[kTime] = cs::Value::wall_time(e.head.ts_ns);
    row[kComm] = cs::fixed_str(e.head.comm);
    row[kPid] = e.head.pid;
    row[kTid] = e.head.tid;
    row[kMntNs] = e.head.mnt_ns;
    row[kCall] = std::string_view(call.text);
    row[kOp] = call.op;
    row[kRet] = e.head.ret;
    row[kLat] = e.head.lat_ns;
    sink.event(rec, row);
  };
  cs::EventStream events(skel.obj(), skel.prepared().ringbuf, cs::syscall_handler(show));
  return cs::run_loop(c, &events);
}

}  // namespace

CS_TOOL_MAIN(body)
