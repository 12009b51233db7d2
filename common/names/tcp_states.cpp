#include "common/names/tcp_states.h"

namespace cs {

std::string tcp_state_name(uint32_t state) {
  static const char* const names[] = {
      nullptr,     "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",    "FIN_WAIT2",
      "TIME_WAIT", "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV",
      "BOUND_INACTIVE",
  };
  if (state < sizeof names / sizeof names[0] && names[state]) return names[state];
  return "UNKNOWN(" + std::to_string(state) + ")";
}

}  // namespace cs
