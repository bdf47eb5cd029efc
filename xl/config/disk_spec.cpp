#include "config/disk_spec.hpp"

#include <vector>

namespace xl::cfg {
namespace {

std::string_view trim_front(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

bool is_format(std::string_view f)
{
    return f == "raw" || f == "qcow" || f == "qcow2" || f == "vhd" || f == "qed" || f == "empty";
}

} // namespace

std::optional<DiskSpec> parse_disk_spec(std::string_view spec, std::string& error)
{
    DiskSpec d;
    bool seen_target = false, seen_format = false, seen_vdev = false, seen_access = false;
    unsigned positional = 0;
    auto set_access = [&](std::string_view a) {
        if (a == "r" || a == "ro") d.readonly = true;
        else if (a == "w" || a == "rw") d.readonly = false;
        else return false;
        seen_access = true;
        return true;
    };
    std::string_view rest = spec;
    while (true) {
        rest = trim_front(rest);
        // target= takes the rest of the string, commas included.
        if (rest.substr(0, 7) == "target=") {
            if (seen_target) return error = "target given more than once", std::nullopt;
            d.target = std::string(rest.substr(7));
            seen_target = true;
            break;
        }
        size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        size_t eq = item.find('=');
        if (eq != std::string_view::npos) {
            std::string_view key = item.substr(0, eq), value = item.substr(eq + 1);
            auto once = [&](bool& seen, const char* what) {
                if (seen) {
                    error = std::string(what) + " given more than once";
                    return false;
                }
                seen = true;
                return true;
            };
            if (key == "format") {
                if (!once(seen_format, "format")) return std::nullopt;
                if (!is_format(value)) return error = "unknown disk format '" + std::string(value) + "'", std::nullopt;
                d.format = std::string(value);
            } else if (key == "vdev") {
                if (!once(seen_vdev, "vdev")) return std::nullopt;
                d.vdev = std::string(value);
            } else if (key == "access") {
                if (seen_access) return error = "access given more than once", std::nullopt;
                if (!set_access(value)) return error = "unknown access mode '" + std::string(value) + "'", std::nullopt;
            } else if (key == "devtype") {
                if (value == "cdrom") d.cdrom = true;
                else if (value == "disk") d.cdrom = false;
                else return error = "unknown devtype '" + std::string(value) + "'", std::nullopt;
            } else if (key == "backend") {
                d.backend = std::string(value);
            } else if (key == "backendtype") {
                if (value != "phy" && value != "qdisk" && value != "standalone" && value != "tap")
                    return error = "unknown backendtype '" + std::string(value) + "'", std::nullopt;
                d.backendtype = std::string(value);
            } else if (key == "script") {
                d.script = std::string(value);
            } else if (key == "specification") {
                if (value != "xen" && value != "virtio")
                    return error = "unknown specification '" + std::string(value) + "'", std::nullopt;
                d.specification = std::string(value);
            } else {
                return error = "unknown parameter '" + std::string(key) + "'", std::nullopt;
            }
        } else if (item == "cdrom") {
            d.cdrom = true;
        } else if (item == "direct-io-safe") {
            d.direct_io_safe = true;
        } else if (item == "discard" || item == "no-discard") {
            d.discard = item == "discard";
        } else if (item == "trusted" || item == "untrusted") {
            d.trusted = item == "trusted";
        } else {
            // Positional: target, format, vdev, access, each once.
            if (positional >= 4) return error = "too many positional parameters", std::nullopt;
            unsigned slot = positional++;
            if (slot == 0) {
                std::string_view target = item;
                // Deprecated "format:target" and "phy:"-style prefixes.
                for (std::string_view prefix : {"raw:", "qcow:", "qcow2:", "vhd:"})
                    if (target.substr(0, prefix.size()) == prefix) {
                        d.format = std::string(prefix.substr(0, prefix.size() - 1));
                        seen_format = true;
                        target.remove_prefix(prefix.size());
                    }
                for (std::string_view prefix : {"tapdisk:", "tap2:", "tap:", "aio:", "ioemu:", "file:", "phy:"})
                    if (target.substr(0, prefix.size()) == prefix) target.remove_prefix(prefix.size());
                for (std::string_view prefix : {"iscsi:", "nbd:", "enbd:", "drbd:"})
                    if (target.substr(0, prefix.size()) == prefix) {
                        d.script = "block-" + std::string(prefix.substr(0, prefix.size() - 1));
                        target.remove_prefix(prefix.size());
                    }
                if (seen_target && !target.empty()) return error = "target given more than once", std::nullopt;
                d.target = std::string(target);
                seen_target = true;
            } else if (slot == 1 && !is_format(item) && !item.empty()) {
                // The deprecated form: target,vdev[:devtype],access
                ++positional;
                slot = 2;
            }
            if (slot == 1 && !item.empty()) {
                if (seen_format) return error = "format given more than once", std::nullopt;
                d.format = std::string(item);
                seen_format = true;
            } else if (slot == 2 && !item.empty()) {
                std::string_view vdev = item;
                if (size_t colon = vdev.find(':'); colon != std::string_view::npos) {
                    if (vdev.substr(colon + 1) != "cdrom") return error = "unknown device type in '" + std::string(item) + "'", std::nullopt;
                    d.cdrom = true;
                    vdev = vdev.substr(0, colon);
                }
                if (seen_vdev) return error = "vdev given more than once", std::nullopt;
                d.vdev = std::string(vdev);
                seen_vdev = true;
            } else if (slot == 3 && !item.empty()) {
                if (seen_access) return error = "access given more than once", std::nullopt;
                if (!set_access(item)) return error = "unknown access mode '" + std::string(item) + "'", std::nullopt;
            }
        }
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    if (d.vdev.empty()) return error = "no vdev given (e.g. xvda)", std::nullopt;
    if (!vdev_to_devid(d.vdev)) return error = "invalid vdev '" + d.vdev + "'", std::nullopt;
    if (d.cdrom) d.readonly = true; // a cdrom is read-only whatever the access says, as in xl
    if (d.target.empty() && !d.cdrom) return error = "no target given for a disk", std::nullopt;
    if (d.target.empty()) d.format = "empty"; // a drive with no medium
    return d;
}

} // namespace xl::cfg
