#include "xen/hypercall.hpp"

#include "core/console.hpp"
#include "core/domain.hpp"
#include "core/vcpu.hpp"
#include "include/public/errno.hpp"
#include "include/public/xen.hpp"

namespace hv {
namespace {

using xen::Hypercall;

constexpr unsigned index(Hypercall h) { return static_cast<unsigned>(h); }

struct Table {
    HypercallEntry entries[xen::kHypercallCount];
    constexpr Table() : entries{}
    {
        entries[index(Hypercall::xen_version)] = {"xen_version", do_xen_version};
        entries[index(Hypercall::console_io)] = {"console_io", do_console_io};
    }
};

constexpr Table kTable;

// One bit per number already reported as unimplemented.
uint64_t reported_unknown = 0;

} // namespace

const HypercallEntry* hypercall_entry(uint32_t number)
{
    if (number >= xen::kHypercallCount || !kTable.entries[number].handler) return nullptr;
    return &kTable.entries[number];
}

long dispatch_hypercall(Vcpu& vcpu, uint32_t number, const HypercallArgs& args)
{
    if (const HypercallEntry* e = hypercall_entry(number)) return e->handler(vcpu, args);
    uint64_t bit = number < 64 ? 1ull << number : 1ull << 63;
    if (!(reported_unknown & bit)) {
        reported_unknown |= bit;
        console::log("d%uv%u: unimplemented hypercall %u%s", vcpu.domain().id(), vcpu.id(), number,
                     number >= 63 ? " (further numbers >= 63 not reported)" : "");
    }
    return -xen::ENOSYS;
}

} // namespace hv
