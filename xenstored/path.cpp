#include "path.hpp"

#include "wire.hpp"

namespace xenstored {

namespace {

bool is_valid_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '/' || c == '_' || c == '@';
}

// Length of a leading "/local/domain/<up to 5 digits>/", else 0; paths under
// a domain's home may be that much longer.
std::size_t domain_prefix_length(std::string_view path) {
    constexpr std::string_view prefix = "/local/domain/";
    if (!path.starts_with(prefix)) return 0;
    std::size_t i = prefix.size();
    std::size_t digits = 0;
    while (i < path.size() && digits < 5 && path[i] >= '0' && path[i] <= '9') ++i, ++digits;
    if (digits == 0 || i >= path.size() || path[i] != '/') return 0;
    return i + 1;
}

}  // namespace

std::string domain_path(std::uint32_t domid) { return "/local/domain/" + std::to_string(domid); }

bool is_valid_node_path(std::string_view path, std::size_t max_rel_len) {
    if (path.empty() || path[0] != '/') return false;
    if (path.size() > 1 && path.back() == '/') return false;
    if (path.size() > kAbsPathMax) return false;
    if (path.size() > domain_prefix_length(path) + max_rel_len) return false;
    char previous = 0;
    for (char c : path) {
        if (!is_valid_char(c)) return false;
        if (c == '/' && previous == '/') return false;
        previous = c;
    }
    return true;
}

std::string resolve_path(std::string_view path, std::uint32_t home_domid) {
    if (path.empty() || path[0] == '/' || path[0] == '@') return std::string(path);
    return domain_path(home_domid) + "/" + std::string(path);
}

std::string_view parent_path(std::string_view path) {
    auto slash = path.rfind('/');
    if (slash == std::string_view::npos || slash == 0) return "/";
    return path.substr(0, slash);
}

std::string_view leaf_name(std::string_view path) {
    auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

bool is_in_subtree(std::string_view path, std::string_view ancestor) {
    if (ancestor == "/") return !path.empty() && path[0] == '/';
    if (!path.starts_with(ancestor)) return false;
    return path.size() == ancestor.size() || path[ancestor.size()] == '/';
}

std::string child_path(std::string_view parent, std::string_view name) {
    std::string out(parent);
    if (out != "/") out += '/';
    out += name;
    return out;
}

}  // namespace xenstored
