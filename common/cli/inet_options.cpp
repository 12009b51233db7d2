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

void add_socket_flags(Cli& cli, InetOptions& o) {
  cli.pid_filter("-p,--pid", "Trace sockets of this process only").uid_filter().cgroup_filter();
  add_family_flags(cli, o);
  add_port_filters(cli, o);
  cli.flag("-w,--wide", o.wide, "Wide column output (fits IPv6 addresses)")
      .flag("-T,--time", o.time, "Include a time column (HH:MM:SS)")
      .flag("-t,--timestamp", o.timestamp, "Include a timestamp column (seconds since start)");
}

}  // namespace cs
