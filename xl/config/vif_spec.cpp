#include "config/vif_spec.hpp"

namespace xl::cfg {
namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<std::array<uint8_t, 6>> parse_mac(std::string_view text)
{
    std::array<uint8_t, 6> mac{};
    if (text.size() != 17) return std::nullopt;
    for (unsigned i = 0; i < 6; ++i) {
        if (i && text[i * 3 - 1] != ':') return std::nullopt;
        unsigned v = 0;
        for (unsigned k = 0; k < 2; ++k) {
            char c = text[i * 3 + k];
            unsigned d = c >= '0' && c <= '9' ? unsigned(c - '0')
                         : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? unsigned((c | 0x20) - 'a' + 10)
                                                                  : 16;
            if (d > 15) return std::nullopt;
            v = v * 16 + d;
        }
        mac[i] = uint8_t(v);
    }
    return mac;
}

std::optional<uint64_t> digits(std::string_view& s)
{
    uint64_t v = 0;
    size_t n = 0;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
        if (v > (UINT64_MAX - 9) / 10) return std::nullopt;
        v = v * 10 + uint64_t(s[n] - '0');
        ++n;
    }
    if (!n) return std::nullopt;
    s.remove_prefix(n);
    return v;
}

} // namespace

bool parse_vif_rate(std::string_view rate, uint64_t& bytes_per_interval, uint32_t& interval_us, std::string& error)
{
    std::string_view amount = rate.substr(0, rate.find('@'));
    std::string_view interval = rate.find('@') == std::string_view::npos ? "" : rate.substr(rate.find('@') + 1);
    // RATE: [0-9]+[GMK]?[Bb]/s
    auto value = digits(amount);
    uint64_t scale = 1;
    if (!amount.empty() && (amount[0] == 'G' || amount[0] == 'M' || amount[0] == 'K')) {
        scale = amount[0] == 'G' ? 1000000000ull : amount[0] == 'M' ? 1000000ull : 1000ull;
        amount.remove_prefix(1);
    }
    if (!value || (amount != "B/s" && amount != "b/s")) {
        error = "invalid rate '" + std::string(rate) + "' (e.g. 10Mb/s or 1MB/s@20ms)";
        return false;
    }
    uint64_t bytes_per_second = *value * scale;
    if (amount[0] == 'b') bytes_per_second /= 8;
    if (bytes_per_second == 0 || bytes_per_second > 0xffffffffull) {
        error = "rate '" + std::string(rate) + "' out of range";
        return false;
    }
    // INTERVAL: [0-9]+[mu]?s? (seconds by default), 50 ms when absent.
    uint64_t us = 50000;
    if (!interval.empty()) {
        auto n = digits(interval);
        uint64_t unit = 1000000;
        if (!interval.empty() && (interval[0] == 'm' || interval[0] == 'u')) {
            unit = interval[0] == 'm' ? 1000 : 1;
            interval.remove_prefix(1);
        }
        if (interval == "s") interval.remove_prefix(1);
        if (!n || !interval.empty() || *n == 0 || *n > 0xffffffffull / unit) {
            error = "invalid rate interval in '" + std::string(rate) + "'";
            return false;
        }
        us = *n * unit;
    }
    interval_us = uint32_t(us);
    bytes_per_interval = bytes_per_second * us / 1000000;
    return true;
}

std::optional<VifSpec> parse_vif_spec(std::string_view spec, std::string& error)
{
    VifSpec v;
    std::string_view rest = spec;
    while (true) {
        size_t comma = rest.find(',');
        std::string_view item = trim(rest.substr(0, comma));
        if (!item.empty()) {
            size_t eq = item.find('=');
            std::string_view key = eq == std::string_view::npos ? item : trim(item.substr(0, eq));
            std::string value(eq == std::string_view::npos ? "" : trim(item.substr(eq + 1)));
            if (key == "trusted" || key == "untrusted") {
                v.trusted = key == "trusted";
            } else if (eq == std::string_view::npos) {
                return error = "expected key=value, got '" + std::string(item) + "'", std::nullopt;
            } else if (key == "mac") {
                v.mac = parse_mac(value);
                if (!v.mac) return error = "invalid mac address '" + value + "' (six hex bytes, 00:16:3e:xx:xx:xx)", std::nullopt;
                if ((*v.mac)[0] & 1) return error = "mac address '" + value + "' is a multicast address", std::nullopt;
            } else if (key == "bridge") {
                v.bridge = value;
            } else if (key == "gatewaydev" || key == "netdev") {
                v.gatewaydev = value;
            } else if (key == "ip") {
                v.ip = value;
            } else if (key == "script") {
                v.script = value;
            } else if (key == "backend") {
                v.backend = value;
            } else if (key == "vifname") {
                v.vifname = value;
            } else if (key == "type") {
                if (value != "vif" && value != "ioemu") return error = "unknown vif type '" + value + "'", std::nullopt;
                v.type = value;
            } else if (key == "model") {
                v.model = value;
            } else if (key == "mtu" || key == "devid") {
                std::string_view digits_view = value;
                auto n = digits(digits_view);
                if (!n || !digits_view.empty() || *n > (key == "mtu" ? 65535u : 0x7fffffffu))
                    return error = "invalid " + std::string(key) + " '" + value + "'", std::nullopt;
                if (key == "mtu") v.mtu = uint32_t(*n);
                else v.devid = int(*n);
            } else if (key == "rate") {
                uint64_t bytes = 0;
                if (!parse_vif_rate(value, bytes, v.rate_interval_us, error)) return std::nullopt;
                v.rate_bytes_per_interval = bytes;
            } else {
                return error = "unknown vif parameter '" + std::string(key) + "'", std::nullopt;
            }
        }
        if (comma == std::string_view::npos) break;
        rest = rest.substr(comma + 1);
    }
    return v;
}

} // namespace xl::cfg
