// Per-domain limits with Xen 4.17's defaults; they bind unprivileged
// domains only. Names as `-Q name=value` and CONTROL quota use them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xenstored {

struct Quotas {
    std::uint32_t nodes = 1000;              // nodes a domain owns
    std::uint32_t watches = 128;             // watches of a domain
    std::uint32_t transactions = 10;         // open transactions of a connection
    std::uint32_t outstanding = 20;          // replies queued before reading stops
    std::uint32_t transaction_nodes = 1024;  // distinct nodes one transaction touches
    std::uint32_t memory = 2621440;          // bytes queued towards one domain (0: no limit)
    std::uint32_t node_size = 2048;          // record size of one node
    std::uint32_t path_max = 2048;           // characters below /local/domain/<N>/
    std::uint32_t permissions = 5;           // entries in one SET_PERMS
    // Soft quota (-q memory=, CONTROL quota-soft): crossing it is only
    // logged, once each way (0: never).
    std::uint32_t memory_soft = 2097152;

    std::uint32_t* find(std::string_view name);
    std::optional<std::uint32_t> get(std::string_view name) const;
    bool set(std::string_view name, std::uint32_t value);
    // Parses "name=value" as the -Q option takes it.
    bool set_from_option(std::string_view option);
    static const std::vector<std::string_view>& names();
};

}  // namespace xenstored
