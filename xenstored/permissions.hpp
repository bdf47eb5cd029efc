// Node permissions: entry 0 is the owner and the default for everyone not
// listed; later entries grant specific domains. Text form "r5", "b0", ...
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xenstored {

enum Access : std::uint8_t {
    kNone = 0,
    kRead = 0x01,
    kWrite = 0x02,
    kOwner = 0x08,   // may change permissions
    kIgnore = 0x10,  // entry names a domain that no longer exists (domid reuse)
};

struct PermEntry {
    std::uint32_t domid = 0;
    std::uint8_t bits = 0;
    bool operator==(const PermEntry&) const = default;
};

using PermList = std::vector<PermEntry>;

// "r5" -> {5, read}; nullopt for anything malformed.
std::optional<PermEntry> parse_perm(std::string_view text);
std::string format_perm(const PermEntry& entry);

// Who is asking: a domain, whether it is privileged, and its SET_TARGET.
struct Caller {
    std::uint32_t domid = 0;
    bool privileged = true;
    std::optional<std::uint32_t> target;
};

// The rights `caller` has on a node with permissions `perms` (Xen's rules:
// privileged, owner or owner's controller, first matching grant, default).
std::uint8_t access_for(const Caller& caller, const PermList& perms);

}  // namespace xenstored
