#pragma once
// The smaller device keys of xl.cfg: `iomem` ranges ("START,NUM[@GFN]", hex
// page numbers) and `channel` entries ("name=...,connection=pty|socket,
// path=...,backend=...").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace xl::cfg {

struct IomemRange {
    uint64_t start = 0, number = 0;
    std::optional<uint64_t> gfn; // unset: mapped 1:1
};
std::optional<IomemRange> parse_iomem(std::string_view spec, std::string& error);

struct ChannelSpec {
    std::string name;
    std::string connection; // pty, socket
    std::string path;       // for socket
    std::optional<std::string> backend;
};
std::optional<ChannelSpec> parse_channel(std::string_view spec, std::string& error);

} // namespace xl::cfg
