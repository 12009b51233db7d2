#include "common/system/inet_addr.h"

#include <arpa/inet.h>
#include <sys/socket.h>

namespace cs {

std::string inet_addr_text(uint16_t family, const uint8_t (&addr)[16]) {
  char buf[INET6_ADDRSTRLEN];
  if ((family == AF_INET || family == AF_INET6) && inet_ntop(family, addr, buf, sizeof buf))
    return buf;
  return "[family " + std::to_string(family) + "]";
}

}  // namespace cs
