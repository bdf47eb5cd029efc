#include "device/vdev.hpp"

namespace toolstack {
namespace {

// "a".."z", "aa".."zz": a disk index, as Linux names disks.
std::optional<uint32_t> disk_letters(std::string_view& s)
{
    size_t n = 0;
    while (n < s.size() && s[n] >= 'a' && s[n] <= 'z') ++n;
    if (n == 0 || n > 2) return std::nullopt;
    // a..z are 0..25, then aa is 26, ab 27, ...
    uint32_t disk = n == 1 ? uint32_t(s[0] - 'a') : (uint32_t(s[0] - 'a') + 1) * 26 + uint32_t(s[1] - 'a');
    s.remove_prefix(n);
    return disk;
}

std::optional<uint32_t> decimal(std::string_view s)
{
    if (s.empty() || s.size() > 9) return std::nullopt;
    uint32_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + uint32_t(c - '0');
    }
    if (s.size() > 1 && s[0] == '0') return std::nullopt;
    return v;
}

std::optional<uint32_t> partition(std::string_view rest)
{
    if (rest.empty()) return 0u;
    return decimal(rest);
}

} // namespace

std::optional<uint32_t> vdev_to_devid(std::string_view vdev)
{
    if (auto number = decimal(vdev)) return number;
    std::string_view rest = vdev;
    if (rest.substr(0, 3) == "xvd") {
        rest.remove_prefix(3);
        auto disk = disk_letters(rest);
        auto part = partition(rest);
        if (!disk || !part || *part > 255 || *disk > 0xfffff) return std::nullopt;
        if (*disk < 16 && *part < 16) return (202u << 8) | (*disk << 4) | *part;
        return (1u << 28) | (*disk << 8) | *part; // the extended form
    }
    if (rest.substr(0, 2) == "sd") {
        rest.remove_prefix(2);
        auto disk = disk_letters(rest);
        auto part = partition(rest);
        if (!disk || !part || *disk > 15 || *part > 15) return std::nullopt;
        return (8u << 8) | (*disk << 4) | *part;
    }
    if (rest.substr(0, 2) == "hd") {
        rest.remove_prefix(2);
        auto disk = disk_letters(rest);
        auto part = partition(rest);
        if (!disk || !part || *disk > 3 || *part > 63) return std::nullopt;
        uint32_t major = *disk < 2 ? 3 : 22;
        return (major << 8) | ((*disk % 2) << 6) | *part;
    }
    if (!rest.empty() && rest[0] == 'd') {
        size_t p = rest.find('p');
        auto disk = decimal(rest.substr(1, p == std::string_view::npos ? std::string_view::npos : p - 1));
        auto part = p == std::string_view::npos ? std::optional<uint32_t>(0) : decimal(rest.substr(p + 1));
        if (!disk || !part || *disk > 0xfffff || *part > 255) return std::nullopt;
        if (*disk < 16 && *part < 16) return (202u << 8) | (*disk << 4) | *part;
        return (1u << 28) | (*disk << 8) | *part;
    }
    return std::nullopt;
}

} // namespace toolstack
