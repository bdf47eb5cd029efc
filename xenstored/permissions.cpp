#include "permissions.hpp"

#include <charconv>

namespace xenstored {

std::optional<PermEntry> parse_perm(std::string_view text) {
    if (text.size() < 2) return std::nullopt;
    PermEntry entry;
    switch (text[0]) {
    case 'n': entry.bits = kNone; break;
    case 'r': entry.bits = kRead; break;
    case 'w': entry.bits = kWrite; break;
    case 'b': entry.bits = kRead | kWrite; break;
    default: return std::nullopt;
    }
    auto digits = text.substr(1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), entry.domid);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
    return entry;
}

std::string format_perm(const PermEntry& entry) {
    char letter = 'n';
    switch (entry.bits & (kRead | kWrite)) {
    case kRead: letter = 'r'; break;
    case kWrite: letter = 'w'; break;
    case kRead | kWrite: letter = 'b'; break;
    default: break;
    }
    return letter + std::to_string(entry.domid);
}

std::uint8_t access_for(const Caller& caller, const PermList& perms) {
    constexpr std::uint8_t all = kRead | kWrite | kOwner;
    if (caller.privileged) return all;
    if (perms.empty()) return kNone;
    auto is_me = [&](std::uint32_t domid) {
        return domid == caller.domid || (caller.target && *caller.target == domid);
    };
    if (is_me(perms[0].domid)) return all;
    for (std::size_t i = 1; i < perms.size(); ++i) {
        if (perms[i].bits & kIgnore) continue;
        if (is_me(perms[i].domid)) return perms[i].bits & (kRead | kWrite);
    }
    return perms[0].bits & (kRead | kWrite);
}

}  // namespace xenstored
