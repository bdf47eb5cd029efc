#pragma once
// The xenstore nodes the toolstack writes for a domain, as libxl writes them
// (the creation skeleton, the keys after the build, console 0), and their
// removal. Each is one transaction: a domain's nodes are all there or none.
#include <cstdint>
#include <optional>
#include <string>

#include "domain/domain_spec.hpp"
#include "xenstore/client.hpp"

namespace toolstack {

struct BuiltDomain {
    uint32_t domid = 0;
    uint32_t console_port = 0, xenstore_port = 0;
    uint64_t console_gfn = 0, xenstore_gfn = 0;
    double start_time = 0; // seconds since the epoch
};

std::string domain_path(uint32_t domid);  // /local/domain/D
std::string vm_path(const std::string& uuid); // /vm/U

// The skeleton (§2.1), the post-build keys (§2.2) and console 0 (§2.9) in one
// transaction.
void write_domain_nodes(xs::Client& xs, const DomainSpec& spec, const BuiltDomain& built);
// INTRODUCE to xenstored (it maps the ring), then /libxl/D/dm-version.
void introduce_domain(xs::Client& xs, const BuiltDomain& built);

// Removes what write_domain_nodes wrote (and backends of any kind that serve
// the domain), in one transaction. Absent nodes are fine.
void remove_domain_nodes(xs::Client& xs, uint32_t domid);

// The name a domain has in xenstore, if any.
std::optional<std::string> domain_name(xs::Client& xs, uint32_t domid);
// Renames in /local/domain/D/name and /vm/U/name.
void write_domain_name(xs::Client& xs, uint32_t domid, const std::string& name);

// Asks the guest to power off or reboot through control/shutdown.
void request_shutdown(xs::Client& xs, uint32_t domid, const char* command);

} // namespace toolstack
