#include "populate.hpp"

#include <algorithm>
#include <vector>

#include "error.hpp"
#include "hex.hpp"

namespace xc {
namespace {

// Populates up to `pages` at `gfn` with extents of 2^order pages; returns the
// number of pages populated (0 when the alignment or size does not allow
// this order, or the hypervisor had nothing that large).
uint64_t populate_with_order(DomainOps& ops, domid_t dom, unsigned order, uint64_t gfn, uint64_t pages)
{
    const uint64_t extent = 1ull << order;
    if (gfn & (extent - 1) || pages < extent) return 0;
    // A start that is not aligned to the next larger extent stops at that
    // boundary, so the following call can use the larger extent.
    const uint64_t next = extent << 9;
    if (gfn & (next - 1)) pages = std::min(pages, ((gfn + next) & ~(next - 1)) - gfn);
    std::vector<uint64_t> gfns(pages >> order);
    for (size_t i = 0; i < gfns.size(); ++i) gfns[i] = gfn + (uint64_t(i) << order);
    uint64_t done = ops.populate_physmap(dom, order, gfns);
    return std::min<uint64_t>(done, gfns.size()) << order;
}

} // namespace

void populate_bank(DomainOps& ops, domid_t dom, uint64_t first_gfn, uint64_t pages)
{
    uint64_t gfn = first_gfn, end = first_gfn + pages;
    while (gfn < end) {
        uint64_t chunk = std::min(kPopulateChunkPages, end - gfn), done = 0;
        for (unsigned order : kExtentOrders)
            if ((done = populate_with_order(ops, dom, order, gfn, chunk)) != 0) break;
        if (done == 0) throw BuildError("not enough RAM: the hypervisor populated nothing at gfn " + hex(gfn));
        gfn += done;
    }
}

} // namespace xc
