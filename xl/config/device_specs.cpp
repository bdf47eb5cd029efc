#include "config/device_specs.hpp"

#include <cctype>
#include <cstdlib>

namespace xl::cfg {
namespace {

std::optional<uint64_t> hex_number(std::string_view s)
{
    std::string text(s);
    if (text.empty() || !std::isxdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
    char* end = nullptr;
    uint64_t v = std::strtoull(text.c_str(), &end, 16);
    if (*end) return std::nullopt;
    return v;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

} // namespace

std::optional<IomemRange> parse_iomem(std::string_view spec, std::string& error)
{
    IomemRange r;
    size_t comma = spec.find(','), at = spec.find('@');
    std::optional<uint64_t> start, number, gfn;
    if (comma != std::string_view::npos) {
        start = hex_number(spec.substr(0, comma));
        number = hex_number(spec.substr(comma + 1, at == std::string_view::npos ? std::string_view::npos : at - comma - 1));
        if (at != std::string_view::npos) gfn = hex_number(spec.substr(at + 1));
    }
    if (!start || !number || (at != std::string_view::npos && !gfn) || (at != std::string_view::npos && at < comma)) {
        error = "Invalid argument parsing iomem: " + std::string(spec) + " (expected START,NUM[@GFN] in hex pages)";
        return std::nullopt;
    }
    if (*number == 0) {
        error = "iomem range " + std::string(spec) + " maps no pages";
        return std::nullopt;
    }
    r.start = *start;
    r.number = *number;
    r.gfn = gfn;
    return r;
}

std::optional<ChannelSpec> parse_channel(std::string_view spec, std::string& error)
{
    ChannelSpec c;
    size_t pos = 0;
    while (pos <= spec.size()) {
        size_t comma = spec.find(',', pos);
        std::string_view item = trim(spec.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        pos = comma == std::string_view::npos ? spec.size() + 1 : comma + 1;
        if (item.empty()) continue;
        size_t eq = item.find('=');
        std::string key(trim(item.substr(0, eq)));
        std::string value = eq == std::string_view::npos ? "" : std::string(trim(item.substr(eq + 1)));
        if (key == "name") c.name = value;
        else if (key == "connection") c.connection = value;
        else if (key == "path") c.path = value;
        else if (key == "backend") c.backend = value;
        else {
            error = "unknown channel parameter '" + key + "'";
            return std::nullopt;
        }
    }
    if (c.name.empty()) error = "channel has no name=";
    else if (c.connection != "pty" && c.connection != "socket")
        error = c.connection.empty() ? "channel has no connection= (pty or socket)"
                                     : "unknown channel connection '" + c.connection + "'";
    else if (c.connection == "socket" && c.path.empty()) error = "channel connection 'socket' requires path=..";
    if (!error.empty()) return std::nullopt;
    return c;
}

} // namespace xl::cfg
