// The network tools' filters: -4 / -6 and lists of local and remote ports,
// with the letters of libbpf-tools' tcplife (-L, -D); the BPF side is
// bpf/include/inet.bpf.h.
#pragma once
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "common/cli/cli.h"

namespace cs {

inline constexpr size_t kInetMaxPorts = 16;  // CS_INET_MAX_PORTS

struct InetOptions {
  bool ipv4 = false, ipv6 = false;
  bool wide = false;       // -w: address columns that fit IPv6
  bool time = false;       // -T: a HH:MM:SS column
  bool timestamp = false;  // -t: a seconds-since-start column
  std::vector<uint32_t> lports, rports;
  uint16_t family() const;  // AF_INET, AF_INET6, or 0 for both
};

// -4/--ipv4 and -6/--ipv6, one or the other.
void add_family_flags(Cli& cli, InetOptions& o);
void add_port_filters(Cli& cli, InetOptions& o, const std::string& local = "-L,--localport",
                      const std::string& remote = "-D,--remoteport");

// The socket tools' (tcplife, tcpstates) flags, with bcc's letters: -p, -u,
// -c, -4/-6, -L/-D, -w, -T and -t.
void add_socket_flags(Cli& cli, InetOptions& o);

// The knobs of inet.bpf.h on a skeleton's rodata, before load.
template <class Rodata>
void set_inet_knobs(Rodata& r, const InetOptions& o) {
  r.cs_filter_family = o.family();
  std::copy(o.lports.begin(), o.lports.end(), r.cs_filter_lports);
  std::copy(o.rports.begin(), o.rports.end(), r.cs_filter_rports);
}

}  // namespace cs
