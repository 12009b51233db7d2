// Addresses of the network tools' records (bpf/include/inet.h) as text.
#pragma once
#include <cstdint>
#include <string>

namespace cs {

// "127.0.0.1" or "::1" for AF_INET / AF_INET6 (IPv4 in the first 4 bytes of
// addr); another family as "[family N]".
std::string inet_addr_text(uint16_t family, const uint8_t (&addr)[16]);

// Text width of an address column: 15 fits IPv4, 26 (the peers' -w) most
// IPv6 addresses, 39 every IPv6 one.
inline constexpr int kInet4Width = 15, kInetWideWidth = 26;

}  // namespace cs
