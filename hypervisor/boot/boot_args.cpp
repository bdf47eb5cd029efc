#include "boot/boot_args.hpp"

namespace hv {
namespace {
const char* command_line_ = "";
}

void set_hypervisor_command_line(const char* line) { command_line_ = line ? line : ""; }
const char* hypervisor_command_line() { return command_line_; }

BootOption find_boot_option(std::string_view line, std::string_view name)
{
    BootOption result;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && line[i] == ' ') ++i;
        size_t end = line.find(' ', i);
        if (end == std::string_view::npos) end = line.size();
        std::string_view word = line.substr(i, end - i);
        size_t eq = word.find('=');
        std::string_view key = word.substr(0, eq);
        if (!word.empty() && key == name) {
            result.found = true; // the last occurrence wins, as in Xen
            result.value = eq == std::string_view::npos ? std::string_view() : word.substr(eq + 1);
        }
        i = end;
    }
    return result;
}

bool parse_size(std::string_view text, uint64_t& bytes)
{
    if (text.empty()) return false;
    uint64_t value = 0;
    size_t i = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        uint64_t next = value * 10 + uint64_t(text[i] - '0');
        if (next / 10 != value) return false; // overflow
        value = next;
    }
    if (i == 0) return false;
    unsigned shift = 0;
    if (i < text.size()) {
        switch (text[i]) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        case 'b': case 'B': shift = 0; break;
        default: return false;
        }
        if (++i != text.size()) return false;
    }
    if (shift && (value >> (64 - shift))) return false;
    bytes = value << shift;
    return true;
}

} // namespace hv
