#include "config/cpu_list.hpp"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>

namespace xl::cfg {
namespace {

// One decimal number as xl reads it with strtoul: spaces and a '+' before
// it are allowed ("0, 1" works), an overflowing one is refused.
bool parse_number(const char* text, unsigned long& value, char*& end)
{
    const char* digits = text;
    while (std::isspace(static_cast<unsigned char>(*digits))) ++digits;
    if (*digits == '+') ++digits;
    if (!std::isdigit(static_cast<unsigned char>(*digits))) return false;
    errno = 0;
    value = std::strtoul(text, &end, 10);
    return errno == 0 && value != ULONG_MAX;
}

// "N" or "N-M" with N <= M, nothing after.
bool parse_range(std::string_view s, unsigned long& first, unsigned long& last)
{
    std::string text(s);
    char* end = nullptr;
    if (!parse_number(text.c_str(), first, end)) return false;
    last = first;
    if (*end == '-' && (!parse_number(end + 1, last, end) || last < first)) return false;
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
