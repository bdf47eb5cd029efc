#include "config/cpu_list.hpp"

#include <cctype>
#include <cstdlib>

namespace xl::cfg {
namespace {

// "N" or "N-M" with N <= M, decimal, nothing after; spaces before a number
// are allowed (strtoul's rule, so "0, 1" works as in xl).
bool parse_range(std::string_view s, unsigned long& first, unsigned long& last)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    std::string text(s);
    char* end = nullptr;
    if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return false;
    first = last = std::strtoul(text.c_str(), &end, 10);
    if (*end == '-') {
        const char* second = end + 1;
        while (std::isspace(static_cast<unsigned char>(*second))) ++second;
        if (!std::isdigit(static_cast<unsigned char>(*second))) return false;
        last = std::strtoul(second, &end, 10);
        if (last < first) return false;
    }
    return *end == '\0';
}

} // namespace

bool CpuBitmap::empty() const
{
    for (bool b : bits)
        if (b) return false;
    return true;
}

std::vector<unsigned> CpuBitmap::set_bits() const
{
    std::vector<unsigned> out;
    for (unsigned i = 0; i < bits.size(); ++i)
        if (bits[i]) out.push_back(i);
    return out;
}

std::optional<CpuBitmap> parse_cpu_list(std::string_view list, unsigned host_cpus, std::string& error)
{
    CpuBitmap map;
    map.bits.assign((host_cpus + 7) / 8 * 8, false);
    size_t pos = 0;
    while (pos <= list.size()) {
        size_t comma = list.find(',', pos);
        std::string_view item = list.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        pos = comma == std::string_view::npos ? list.size() + 1 : comma + 1;
        if (item.empty()) continue; // as strtok, empty items are skipped
        bool remove = item.starts_with('^');
        if (remove) item.remove_prefix(1);
        bool nodes = false;
        for (std::string_view prefix : {"nodes:", "node:"})
            if (item.starts_with(prefix)) {
                item.remove_prefix(prefix.size());
                nodes = true;
                break;
            }
        if (item == "all") {
            if (remove) {
                error = "Can't combine \"^\" and \"all\".";
                return std::nullopt;
            }
            map.bits.assign(map.bits.size(), true);
            continue;
        }
        unsigned long first, last;
        if (!parse_range(item, first, last)) {
            error = "Invalid pcpu range: " + std::string(item) + ".";
            return std::nullopt;
        }
        if (nodes) {
            // One NUMA node (0) holding every CPU.
            if (last > 0) {
                error = "no NUMA node " + std::to_string(last) + " on this host (it has node 0 only)";
                return std::nullopt;
            }
            for (unsigned i = 0; i < host_cpus && i < map.bits.size(); ++i) map.bits[i] = !remove;
            continue;
        }
        // CPUs beyond the bitmap are ignored, as libxl's bitmap_set does.
        for (unsigned long cpu = first; cpu <= last && cpu < map.bits.size(); ++cpu) map.bits[cpu] = !remove;
    }
    return map;
}

} // namespace xl::cfg
