#include "common/names/capabilities.h"

#include <linux/capability.h>


namespace cs {

namespace {

struct CapInfo {
  int number;
  const char* name;
};

// Numbers come from <linux/capability.h>, each name is its macro's own
// spelling; a unit test checks the table covers 0..CAP_LAST_CAP exactly.
#define CS_CAP(macro) {macro, #macro}
const CapInfo kCaps[] = {
    CS_CAP(CAP_CHOWN),           CS_CAP(CAP_DAC_OVERRIDE),   CS_CAP(CAP_DAC_READ_SEARCH),
    CS_CAP(CAP_FOWNER),          CS_CAP(CAP_FSETID),         CS_CAP(CAP_KILL),
    CS_CAP(CAP_SETGID),          CS_CAP(CAP_SETUID),         CS_CAP(CAP_SETPCAP),
    CS_CAP(CAP_LINUX_IMMUTABLE), CS_CAP(CAP_NET_BIND_SERVICE), CS_CAP(CAP_NET_BROADCAST),
    CS_CAP(CAP_NET_ADMIN),       CS_CAP(CAP_NET_RAW),        CS_CAP(CAP_IPC_LOCK),
    CS_CAP(CAP_IPC_OWNER),       CS_CAP(CAP_SYS_MODULE),     CS_CAP(CAP_SYS_RAWIO),
    CS_CAP(CAP_SYS_CHROOT),      CS_CAP(CAP_SYS_PTRACE),     CS_CAP(CAP_SYS_PACCT),
    CS_CAP(CAP_SYS_ADMIN),       CS_CAP(CAP_SYS_BOOT),       CS_CAP(CAP_SYS_NICE),
    CS_CAP(CAP_SYS_RESOURCE),    CS_CAP(CAP_SYS_TIME),       CS_CAP(CAP_SYS_TTY_CONFIG),
    CS_CAP(CAP_MKNOD),           CS_CAP(CAP_LEASE),          CS_CAP(CAP_AUDIT_WRITE),
    CS_CAP(CAP_AUDIT_CONTROL),   CS_CAP(CAP_SETFCAP),        CS_CAP(CAP_MAC_OVERRIDE),
    CS_CAP(CAP_MAC_ADMIN),       CS_CAP(CAP_SYSLOG),         CS_CAP(CAP_WAKE_ALARM),
    CS_CAP(CAP_BLOCK_SUSPEND),   CS_CAP(CAP_AUDIT_READ),
#ifdef CAP_PERFMON
    CS_CAP(CAP_PERFMON),
#endif
#ifdef CAP_BPF
    CS_CAP(CAP_BPF),
#endif
#ifdef CAP_CHECKPOINT_RESTORE
    CS_CAP(CAP_CHECKPOINT_RESTORE),
#endif
};
#undef CS_CAP

}  // namespace

std::string capability_name(int cap) {
  for (const CapInfo& c : kCaps)
    if (c.number == cap) return c.name;
  return "?";
}

int last_capability() { return CAP_LAST_CAP; }

}  // namespace cs
