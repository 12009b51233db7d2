// Names of TCP states as the kernel numbers them (include/net/tcp_states.h)
// and the network tools print them: "ESTABLISHED", "SYN_SENT", ...
#pragma once
#include <cstdint>
#include <string>

namespace cs {

// "LISTEN" for 10; "UNKNOWN(N)" for a number outside the kernel's list.
std::string tcp_state_name(uint32_t state);

}  // namespace cs
