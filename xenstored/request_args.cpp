#include "request_args.hpp"

namespace xenstored {

std::optional<std::string_view> single_arg(std::string_view payload) {
    if (payload.empty() || payload.back() != '\0') return std::nullopt;
    auto text = payload.substr(0, payload.size() - 1);
    if (text.find('\0') != std::string_view::npos) return std::nullopt;
    return text;
}

std::optional<std::vector<std::string_view>> split_args(std::string_view payload) {
    if (payload.empty() || payload.back() != '\0') return std::nullopt;
    std::vector<std::string_view> args;
    std::size_t start = 0;
    while (start < payload.size()) {
        auto nul = payload.find('\0', start);
        args.push_back(payload.substr(start, nul - start));
        start = nul + 1;
    }
    return args;
}

std::uint64_t lenient_number(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::uint64_t value = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
        if (value > (UINT64_MAX - 9) / 10) return UINT64_MAX;
        value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    return value;
}

}  // namespace xenstored
