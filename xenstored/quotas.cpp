#include "quotas.hpp"

#include <charconv>

#include "wire.hpp"

namespace xenstored {

std::uint32_t* Quotas::find(std::string_view name) {
    if (name == "nodes") return &nodes;
    if (name == "watches") return &watches;
    if (name == "transactions") return &transactions;
    if (name == "outstanding") return &outstanding;
    if (name == "transaction-nodes") return &transaction_nodes;
    if (name == "memory") return &memory;
    if (name == "node-size") return &node_size;
    if (name == "path-max") return &path_max;
    if (name == "permissions") return &permissions;
    return nullptr;
}

std::optional<std::uint32_t> Quotas::get(std::string_view name) const {
    auto* self = const_cast<Quotas*>(this);  // find() does not modify
    if (auto* q = self->find(name)) return *q;
    return std::nullopt;
}

bool Quotas::set(std::string_view name, std::uint32_t value) {
    auto* q = find(name);
    if (!q) return false;
    if (name == "path-max" && value > kRelPathMax) return false;  // as -M: at most 2048
    *q = value;
    return true;
}

bool Quotas::set_from_option(std::string_view option) {
    auto eq = option.find('=');
    if (eq == std::string_view::npos) return false;
    auto number = option.substr(eq + 1);
    std::uint32_t value = 0;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc{} || end != number.data() + number.size()) return false;
    return set(option.substr(0, eq), value);
}

const std::vector<std::string_view>& Quotas::names() {
    static const std::vector<std::string_view> list = {"nodes",    "watches",   "transactions",
                                                       "outstanding", "transaction-nodes", "memory",
                                                       "node-size", "path-max", "permissions"};
    return list;
}

}  // namespace xenstored
