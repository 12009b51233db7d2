#include "common/cli/inet_options.h"

#include <sys/socket.h>

namespace cs {

uint16_t InetOptions::family() const { return ipv4 ? AF_INET : ipv6 ? AF_INET6 : 0; }

void add_family_flags(Cli& cli, InetOptions& o) {
  cli.flag("-4,--ipv4", o.ipv4, "Trace IPv4 only")
      .flag("-6,--ipv6", o.ipv6, "Trace IPv6 only")
      .excludes("--ipv4", "--ipv6");
}

void add_port_filters(Cli& cli, InetOptions& o, const std::string& local,
                      const std::string& remote) {
  cli.number_list(local, o.lports, "Comma-separated list of local ports to trace", 1, 65535,
                  kInetMaxPorts, "PORT")
      .number_list(remote, o.rports, "Comma-separated list of remote ports to trace", 1, 65535,
                   kInetMaxPorts, "PORT");
}

}  // namespace cs
