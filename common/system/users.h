// User IDs by name, for filters such as -u root.
//
// Read from the passwd file, not through getpwnam(): the tools are static
// binaries, and static glibc's getpwnam() loads the host's NSS modules,
// which must match the glibc the tool was built with.  Users that only a
// directory service (LDAP, sssd) knows are given by number.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cs {

// The UID of `name` in the passwd-format file `passwd`; nullopt when no
// line names it or the file cannot be read.
std::optional<uint32_t> uid_of_user(std::string_view name,
                                    const std::string& passwd = "/etc/passwd");

// A -u value: a decimal UID (0 to 4294967294) or a user name.  Throws a usage
// error (exit 2) naming the value otherwise (after `flag`, when not empty).
uint32_t parse_user(const std::string& flag, const std::string& value,
                    const std::string& passwd = "/etc/passwd");

}  // namespace cs
