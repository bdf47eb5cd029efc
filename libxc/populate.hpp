#pragma once
// Populating a RAM bank as Xen's ARM builder does: in chunks of at most
// 2^20 pages, each with the largest extent that fits the alignment (1 GiB,
// then 2 MiB, then 4 KiB), falling back to a smaller one when the hypervisor
// populates nothing at the larger (no contiguous block free).
#include <cstdint>

#include "domain_ops.hpp"

namespace xc {

inline constexpr unsigned kExtentOrders[] = {18, 9, 0};
inline constexpr uint64_t kPopulateChunkPages = 1ull << 20;

// Throws BuildError when the hypervisor has no memory left even for 4 KiB
// pages, HypercallError when it refuses.
void populate_bank(DomainOps& ops, domid_t dom, uint64_t first_gfn, uint64_t pages);

} // namespace xc
