#include "common/runtime/probe_spec.h"

#include <bpf/libbpf.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "common/base/error.h"
#include "common/runtime/uprobes.h"
#include "common/system/kernel_btf.h"

namespace cs {

namespace {

// Messages quote the user's text as it is: run_main() escapes them.
[[noreturn]] void bad_spec(std::string_view text, const std::string& why) {
  usage_error("bad probe '" + std::string(text) + "': " + why);
}

bool valid_name(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (!(ch == '_' || ch == '.' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
          (ch >= 'A' && ch <= 'Z')))
      return false;
  return true;
}

// The provider of USDT probe `name` in `binary`: the only one there is.
std::string usdt_provider(const std::string& binary, const std::string& name, std::string_view text) {
  std::vector<std::string> p = usdt_providers(binary, name);
  if (p.empty()) bad_spec(text, binary + " has no USDT probe " + name);
  if (p.size() > 1) {
    std::string all;
    for (const std::string& x : p) all += (all.empty() ? "" : ", ") + x;
    bad_spec(text, "probe " + name + " has several providers (" + all + "): write u:BINARY:PROVIDER:PROBE");
  }
  return p[0];
}

}  // namespace

std::string resolve_binary(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (access(name.c_str(), R_OK) != 0) usage_error(name + ": " + errno_text(errno));
    return name;
  }
  const char* candidates[3] = {nullptr, nullptr, nullptr};
  std::string so = "lib" + name + ".so", so6 = so + ".6", so0 = so + ".0";
  if (name == "c") candidates[0] = so6.c_str();
  else candidates[0] = so.c_str(), candidates[1] = so0.c_str(), candidates[2] = so6.c_str();
  for (const char* soname : candidates) {
    if (!soname) continue;
    std::string path = find_library(soname);
    if (!path.empty()) return path;
  }
  usage_error("no library " + so + " found for '" + std::string(name) + "' (name it by its path)");
}

ProbeSpec parse_probe_spec(std::string_view text, char default_type) {
  ProbeSpec s;
  s.text = text;
  std::vector<std::string_view> f;
  for (std::string_view rest = text;;) {
    size_t colon = rest.find(':');
    f.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  char type = default_type;
  if (f.size() >= 2 && f[0].size() == 1 && std::string_view("prtu").find(f[0][0]) != std::string_view::npos) {
    type = f[0][0];
    f.erase(f.begin());
  } else if (f.size() >= 3) {
    bad_spec(text, "the type is one of p, r, t, u");
  }
  // Now [binary or category:][provider:]name.
  if (f.size() > (type == 'u' ? 3u : 2u)) bad_spec(text, "too many ':' fields");
  std::string_view name = f.back(), first = f.size() >= 2 ? f[0] : std::string_view();
  if (!valid_name(name))
    bad_spec(text, name.empty() ? "no name" : "'" + std::string(name) + "' is not a name");
  s.name = name;
  switch (type) {
    case 't':
      if (!valid_name(first)) bad_spec(text, "a tracepoint is t:CATEGORY:EVENT");
      s.kind = ProbeSpec::Kind::Tracepoint;
      s.category = first;
      return s;
    case 'u':
      if (first.empty()) bad_spec(text, "a USDT probe is u:BINARY:[PROVIDER:]PROBE");
      if (f.size() == 3 && !valid_name(f[1])) bad_spec(text, "'" + std::string(f[1]) + "' is not a provider name");
      s.kind = ProbeSpec::Kind::Usdt;
      s.binary = resolve_binary(std::string(first));
      s.provider = f.size() == 3 ? std::string(f[1]) : usdt_provider(s.binary, s.name, text);
      return s;
    case 'p':
    case 'r':
      if (first.empty()) {  // "p::func": the kernel
        s.kind = type == 'p' ? ProbeSpec::Kind::Kprobe : ProbeSpec::Kind::Kretprobe;
      } else {
        s.kind = type == 'p' ? ProbeSpec::Kind::Uprobe : ProbeSpec::Kind::Uretprobe;
        s.binary = resolve_binary(std::string(first));
      }
      return s;
    default:
      bad_spec(text, "the type is one of p, r, t, u");
  }
}

const char* probe_program_kind(ProbeSpec::Kind k) {
  switch (k) {
    case ProbeSpec::Kind::Tracepoint: return "raw_tp";
    case ProbeSpec::Kind::Usdt: return "usdt";
    default: return "kprobe";
  }
}

bpf_link* attach_probe(bpf_program* prog, const ProbeSpec& s, int pid) {
  using K = ProbeSpec::Kind;
  std::string what = "'" + s.text + "'";
  bpf_link* l = nullptr;
  switch (s.kind) {
    case K::Uprobe:
    case K::Uretprobe:
      return attach_uprobe(prog, s.binary, s.name, s.kind == K::Uretprobe, pid);
    case K::Kprobe:
    case K::Kretprobe:
      if (access("/sys/bus/event_source/devices/kprobe/type", F_OK) != 0)
        fail("cannot trace " + what + ": this kernel has no kprobes (CONFIG_KPROBES); "
             "tracepoints (t:) and uprobes (p:LIB:FUNC) work without them");
      l = bpf_program__attach_kprobe(prog, s.kind == K::Kretprobe, s.name.c_str());
      break;
    case K::Tracepoint: {
      l = bpf_program__attach_raw_tracepoint(prog, s.name.c_str());
      if (l) break;
      // Only a failure reads the kernel's BTF (5 MB), to say whether the
      // event exists at all; without BTF, the errno says what it can.
      int err = errno;
      VmlinuxBtf vmlinux;
      if (vmlinux.get() && !btf_has_type(vmlinux.get(), "btf_trace_" + s.name))
        fail("cannot trace " + what + ": this kernel has no tracepoint " + s.name);
      errno = err;
      break;
    }
    case K::Usdt:
      l = bpf_program__attach_usdt(prog, pid, s.binary.c_str(), s.provider.c_str(), s.name.c_str(), nullptr);
      break;
  }
  if (!l) {
    int err = errno;
    std::string msg = "cannot attach to " + what + ": " + errno_text(err);
    if (err == ENOENT && (s.kind == K::Kprobe || s.kind == K::Kretprobe))
      msg += " (no kernel function " + s.name + ", or it cannot be probed)";
    if (err == ENOENT && s.kind == K::Usdt) msg += " (" + s.binary + " has no USDT probe " + s.name + ")";
    fail(msg);
  }
  return l;
}

}  // namespace cs
