// Names of Linux capabilities (CAP_CHOWN = 0 ... CAP_CHECKPOINT_RESTORE = 40)
// as capable(8) prints them, from the kernel's UAPI header linux/capability.h.
#pragma once
#include <string>

namespace cs {

// "CAP_SYS_ADMIN"; "?" for a number this build does not know (bcc prints "?").
std::string capability_name(int cap);

// The highest capability number this build knows (CAP_LAST_CAP of the
// headers it was built with).
int last_capability();

}  // namespace cs
