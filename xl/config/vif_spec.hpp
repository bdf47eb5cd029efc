#pragma once
// One entry of xl.cfg's `vif = [...]` (xl-network-configuration(5)):
// comma-separated key=value items, every key optional.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xl::cfg {

struct VifSpec {
    std::optional<std::array<uint8_t, 6>> mac; // unset: 00:16:3e + random
    std::string bridge;                        // empty: xl.conf's vif.default.bridge (xenbr0)
    std::string gatewaydev;
    std::string ip;
    std::string script;                        // empty: vif-bridge
    std::string backend = "0";
    std::string vifname;
    std::string type;                          // vif or ioemu; empty: vif
    std::string model;
    std::optional<uint32_t> mtu;
    std::optional<int> devid;
    bool trusted = true;
    // rate: bytes per interval and the interval in microseconds.
    std::optional<uint64_t> rate_bytes_per_interval;
    uint32_t rate_interval_us = 50000;
};

std::optional<VifSpec> parse_vif_spec(std::string_view spec, std::string& error);

// "10Mb/s@20ms" -> bytes per interval and interval (xenstore `rate`).
bool parse_vif_rate(std::string_view rate, uint64_t& bytes_per_interval, uint32_t& interval_us, std::string& error);

} // namespace xl::cfg
